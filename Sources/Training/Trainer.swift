import Dispatch
import TinyGPT

/// What the training loop reports after each step.
public struct TrainingProgress: Sendable {
  /// Steps completed so far (1-based).
  public var step: Int
  public var totalSteps: Int
  /// The mean cross-entropy of this step's batch, in nats per predicted token.
  public var loss: Double
  public var learningRate: Float
  /// Tokens fed through forward and backward per second of wall time, so far.
  public var tokensPerSecond: Double
  /// Estimated seconds until the last step.
  public var secondsLeft: Double
  /// The held-out loss, on the steps where it was evaluated (`evalEvery`).
  public var heldOutLoss: Double?
}

/// The outcome of a training run.
public struct TrainingResult: Sendable {
  /// The trained model (also when stopped early: the weights after the last full step).
  public var model: Model
  public var stepsCompleted: Int
  /// Whether `shouldStop` ended the run before the last step.
  public var stopped: Bool
  /// Mean loss over the data's training sample at the end.
  public var trainLoss: Double
  /// Mean loss over the held-out sequences at the end (`nil` when there are none).
  public var heldOutLoss: Double?
  /// Wall-clock seconds of the training loop (not the final evaluation).
  public var seconds: Double
  /// Tokens fed through forward and backward.
  public var tokens: Int
}

/// The training loop: batches, backprop, gradient clipping and AdamW with a cosine schedule.
public enum Trainer {
  /// Trains `model` on `data`. Deterministic: the same model, data and settings give
  /// bit-identical weights. Throws `TrainingError.diverged` at the first step whose loss is
  /// not finite (NaN or infinite), so that broken weights are never returned. The library never prints; `progress` is called after every step,
  /// and `shouldStop` before every step (return `true` to stop cleanly).
  public static func train(
    _ model: Model, on data: some TrainingData, settings: TrainingSettings,
    progress: (TrainingProgress) -> Void = { _ in }, shouldStop: () -> Bool = { false }
  ) throws -> TrainingResult {
    try settings.validate()
    try check(model, fits: data)
    var model = model
    var optimizer = AdamW(
      parameterCount: model.parameters.parameterCount, weightDecay: settings.weightDecay)
    let schedule = LearningRateSchedule(
      peak: settings.learningRate, warmupSteps: settings.effectiveWarmupSteps,
      totalSteps: settings.steps)
    var rng = RandomSource(seed: settings.seed)
    let clock = ContinuousClock()
    let start = clock.now
    var tokens = 0
    var completed = 0
    var stopped = false
    for step in 0..<settings.steps {
      if shouldStop() {
        stopped = true
        break
      }
      let batch = data.batch(size: settings.batchSize, rng: &rng)
      var (loss, gradients) = batchGradients(model, batch)
      let rate = schedule.rate(at: step)
      guard loss.isFinite else {
        throw TrainingError.diverged(step: step + 1, loss: loss, learningRate: rate)
      }
      clip(&gradients, to: settings.gradientClip)
      optimizer.update(&model.parameters, gradients: gradients, learningRate: rate)
      tokens += batch.reduce(0) { $0 + $1.tokens.count }
      completed = step + 1
      let elapsed = seconds(clock.now - start)
      let evaluate = settings.evalEvery > 0 && completed % settings.evalEvery == 0
      progress(
        TrainingProgress(
          step: completed, totalSteps: settings.steps, loss: loss, learningRate: rate,
          tokensPerSecond: elapsed > 0 ? Double(tokens) / elapsed : 0,
          secondsLeft: elapsed / Double(completed) * Double(settings.steps - completed),
          heldOutLoss: evaluate ? model.meanLoss(data.heldOut) : nil))
    }
    let elapsed = seconds(clock.now - start)
    let trainLoss = model.meanLoss(data.trainingSample)
    guard trainLoss.isFinite else {  // the last update can still break the weights
      throw TrainingError.diverged(
        step: completed, loss: trainLoss, learningRate: schedule.rate(at: max(0, completed - 1)))
    }
    return TrainingResult(
      model: model, stepsCompleted: completed, stopped: stopped, trainLoss: trainLoss,
      heldOutLoss: data.heldOut.isEmpty ? nil : model.meanLoss(data.heldOut), seconds: elapsed,
      tokens: tokens)
  }

  /// The mean loss of a batch and the flat gradient of that mean. Sequences run in parallel
  /// (`Matrix.defaultThreadCount` threads), but their gradients are summed in batch order, so
  /// the result is the same bits for every thread count.
  static func batchGradients(_ model: Model, _ batch: [TrainingExample]) -> (Double, [Float]) {
    let count = batch.reduce(0) { $0 + $1.targetCount }
    let weight = 1 / Float(max(1, count))
    let results = ResultSlots(count: batch.count)
    let threads = max(1, min(Matrix.defaultThreadCount, batch.count))
    DispatchQueue.concurrentPerform(iterations: threads) { thread in
      for i in stride(from: thread, to: batch.count, by: threads) {
        let example = batch[i]
        let result = model.gradients(
          tokens: example.tokens, targets: example.targets, weight: weight)
        results.store(i, loss: result.loss, gradient: result.gradients.flattened())
      }
    }
    var total = [Float](repeating: 0, count: model.parameters.parameterCount)
    var loss = 0.0
    for i in batch.indices {
      let (sequenceLoss, flat) = results.value(i)
      loss += sequenceLoss
      for j in total.indices { total[j] += flat[j] }
    }
    return (loss / Double(max(1, count)), total)
  }

  /// Scales `gradients` down so that their global norm is at most `limit`.
  static func clip(_ gradients: inout [Float], to limit: Float) {
    let norm = globalNorm(gradients)
    guard norm > Double(limit) else { return }
    let factor = Float(Double(limit) / norm)
    for i in gradients.indices { gradients[i] *= factor }
  }

  /// Refuses a model whose vocabulary or context does not fit the data.
  static func check(_ model: Model, fits data: some TrainingData) throws {
    guard model.tokenizer.vocabulary == data.tokenizer.vocabulary else {
      throw TrainingError.vocabularyMismatch(
        "the model's vocabulary (\(model.tokenizer.vocabulary.count) tokens) is not the data's "
          + "(\(data.tokenizer.vocabulary.count) tokens)")
    }
    let longest = (data.trainingSample + data.heldOut).map(\.tokens.count).max() ?? 0
    if longest > model.config.nCtx {
      throw TrainingError.contextTooShort(needed: longest, nCtx: model.config.nCtx)
    }
  }

  static func seconds(_ duration: Duration) -> Double {
    let (s, attoseconds) = duration.components
    return Double(s) + Double(attoseconds) * 1e-18
  }
}

extension Model {
  /// The mean next-token cross-entropy over `examples` (nats per predicted token).
  public func meanLoss(_ examples: [TrainingExample]) -> Double {
    var loss = 0.0
    var count = 0
    for example in examples {
      let ce = crossEntropy(logits: forward(example.tokens), targets: example.targets)
      loss += ce.loss
      count += ce.count
    }
    return count == 0 ? 0 : loss / Double(count)
  }
}

/// One slot per sequence of a batch, each written by exactly one thread, read after all finish.
final class ResultSlots: @unchecked Sendable {
  private var slots: UnsafeMutableBufferPointer<(Double, [Float])>

  init(count: Int) {
    slots = .allocate(capacity: count)
    slots.initialize(repeating: (0, []))
  }

  deinit {
    slots.deinitialize()
    slots.deallocate()
  }

  func store(_ index: Int, loss: Double, gradient: [Float]) { slots[index] = (loss, gradient) }

  func value(_ index: Int) -> (Double, [Float]) { slots[index] }
}
