import Foundation
import Testing
import TinyGPT
import Training

let tinyCorpus = """
  The robot builds a house. The robots build a house. The cat sees the moon.
  The cats see the moon. The robots will bring prosperity. The robot is happy.
  The robots are happy. The cat is small. The cats are small. The robots will bring peace.
  The robot builds a boat. The robots build a boat. The cat sees the road.
  """

func corpusModel(_ corpus: WordCorpus, nCtx: Int = 12, seed: UInt64 = 1) throws -> Model {
  let config = ModelConfig(
    nLayers: 1, dModel: 8, nHeads: 2, dMLP: 16, nCtx: nCtx,
    dVocab: corpus.tokenizer.vocabulary.count)
  return try Model.randomlyInitialized(config: config, tokenizer: corpus.tokenizer, seed: seed)
}

func quickSettings(steps: Int = 40) -> TrainingSettings {
  var settings = TrainingSettings()
  settings.steps = steps
  settings.batchSize = 4
  settings.learningRate = 1e-2
  settings.seed = 5
  return settings
}

@Test func shortTrainingRunDrivesTheLossDown() throws {
  let corpus = try WordCorpus(text: tinyCorpus, nCtx: 12, heldOutFraction: 0)
  let model = try corpusModel(corpus)
  let before = model.meanLoss(corpus.trainExamples)
  var reported: [Int] = []
  let result = try Trainer.train(
    model, on: corpus, settings: quickSettings(steps: 120), progress: { reported.append($0.step) })
  #expect(reported == Array(1...120))
  #expect(result.stepsCompleted == 120 && !result.stopped)
  #expect(abs(before - log(Double(corpus.tokenizer.vocabulary.count))) < 0.1)  // uniform start
  #expect(result.trainLoss < 0.6 * before, "loss \(before) -> \(result.trainLoss)")
}

@Test func trainingTwiceWithOneSeedGivesIdenticalBytes() throws {
  let corpus = try WordCorpus(text: tinyCorpus, nCtx: 12)
  let model = try corpusModel(corpus)
  let a = try Trainer.train(model, on: corpus, settings: quickSettings(steps: 10))
  let b = try Trainer.train(model, on: corpus, settings: quickSettings(steps: 10))
  #expect(
    try WeightsFile.encode(a.model, format: .json) == WeightsFile.encode(b.model, format: .json))
  var other = quickSettings(steps: 10)
  other.seed = 6
  let c = try Trainer.train(model, on: corpus, settings: other)
  #expect(a.model.parameters != c.model.parameters)
}

@Test func trainingResumesFromATrainedModel() throws {
  let corpus = try WordCorpus(text: tinyCorpus, nCtx: 12, heldOutFraction: 0)
  let first = try Trainer.train(try corpusModel(corpus), on: corpus, settings: quickSettings())
  // The file round trip is what `--init-from` does.
  let bytes = try WeightsFile.encode(first.model, format: .json)
  let reloaded = try WeightsFile.decode(bytes, format: .json)
  let resumedCorpus = try WordCorpus(
    text: tinyCorpus, nCtx: 12, heldOutFraction: 0, vocabulary: reloaded.tokenizer)
  var firstLoss: Double?
  let second = try Trainer.train(
    reloaded, on: resumedCorpus, settings: quickSettings(),
    progress: { if firstLoss == nil { firstLoss = $0.loss } })
  #expect(abs(reloaded.meanLoss(corpus.trainExamples) - first.trainLoss) < 1e-9)
  #expect((firstLoss ?? 99) < 0.8 * log(Double(corpus.tokenizer.vocabulary.count)))
  #expect(second.trainLoss < first.trainLoss)
}

@Test func stoppingEarlyKeepsTheStepsDone() throws {
  let corpus = try WordCorpus(text: tinyCorpus, nCtx: 12)
  var calls = 0
  let result = try Trainer.train(
    try corpusModel(corpus), on: corpus, settings: quickSettings(),
    shouldStop: {
      calls += 1
      return calls > 3
    })
  #expect(result.stopped && result.stepsCompleted == 3)
}

@Test func corpusWindowsStartAtSentencesAndHoldOutASeededFraction() throws {
  let text = (0..<20).map { "w\($0) x y." }.joined(separator: " ")
  let corpus = try WordCorpus(text: text, nCtx: 5, heldOutFraction: 0.1, seed: 3)
  #expect(corpus.heldOutSentences.count == 2 && corpus.trainSentences.count == 18)
  let dot = try #require(corpus.tokenizer.id(of: "."))
  for example in corpus.trainExamples {
    #expect(example.tokens.count == 5 || example.tokens.count == 3)  // 3: the stream's end
    #expect(corpus.tokenizer.text(of: example.tokens[0]).hasPrefix("w"))
    #expect(example.targets[2] == dot)
    #expect(Array(example.tokens.dropFirst()) == example.targets.dropLast().compactMap { $0 })
  }
  let again = try WordCorpus(text: text, nCtx: 5, heldOutFraction: 0.1, seed: 3)
  #expect(again.heldOutSentences == corpus.heldOutSentences)
}

@Test func badInputsGiveClearErrors() throws {
  #expect(throws: TrainingError.emptyCorpus) { try WordCorpus(text: "  \n ", nCtx: 8) }
  #expect(throws: TrainingError.noSentenceFits(shortestSentence: 6, nCtx: 3)) {
    try WordCorpus(text: "one two three four five. a b c d e f g.", nCtx: 3)
  }
  let corpus = try WordCorpus(text: tinyCorpus, nCtx: 12)
  var settings = quickSettings()
  settings.learningRate = -1
  #expect(
    throws: TrainingError.invalidSetting(
      name: "--lr", reason: "must be a positive number, got -1.0")
  ) {
    try Trainer.train(try corpusModel(corpus), on: corpus, settings: settings)
  }
  let short = try corpusModel(corpus, nCtx: 4)
  #expect(throws: TrainingError.contextTooShort(needed: 12, nCtx: 4)) {
    try Trainer.train(short, on: corpus, settings: quickSettings())
  }
  #expect(throws: TrainingError.tokenNotInVocabulary("dragons")) {
    try WordCorpus(text: "the dragons fly.", nCtx: 8, vocabulary: corpus.tokenizer)
  }
  let sort = try SortTask(letters: "abc", length: 4)
  #expect(throws: TrainingError.self) {
    try Trainer.train(try corpusModel(corpus), on: sort, settings: quickSettings())
  }
  #expect(TrainingError.contextTooShort(needed: 12, nCtx: 4).description.contains("n_ctx"))
}
