import Testing
import TinyGPT
import Training

/// A learning rate far too high makes the loss NaN or infinite: training stops at the first
/// such step, naming it, instead of running on and returning broken weights.
@Test func trainingStopsAtTheFirstNonFiniteLoss() throws {
  let corpus = try WordCorpus(text: tinyCorpus, nCtx: 12)
  let model = try corpusModel(corpus)
  var settings = quickSettings(steps: 20)
  settings.learningRate = 1e30
  var losses: [Double] = []
  #expect {
    _ = try Trainer.train(
      model, on: corpus, settings: settings, progress: { losses.append($0.loss) })
  } throws: { error in
    guard case TrainingError.diverged(let step, let loss, _) = error else { return false }
    // Every reported step had a finite loss; the failing step is the next one.
    return !loss.isFinite && step == losses.count + 1 && losses.allSatisfy(\.isFinite)
      && "\(error)".contains("at step \(step)") && "\(error)".contains("learning rate")
  }
  #expect(losses.count < 20)
  // A sane rate trains all its steps.
  settings.learningRate = 1e-2
  #expect(try Trainer.train(model, on: corpus, settings: settings).stepsCompleted == 20)
}
