import BuiltinContent
import Foundation
import TinyGPT
import Training

extension BenchCommand {
  /// The arguments of `tracer train` that made the built-in robots model (Docs/training.md),
  /// with the corpus and output paths left out.
  static let defaultModelTrainingArguments = [
    "--n-layers", "2", "--n-heads", "2", "--d-model", "16", "--d-mlp", "64", "--n-ctx", "16",
    "--act-fn", "gelu_new", "--normalization", "LN", "--positional", "standard",
    "--steps", "2000", "--batch-size", "16", "--lr", "0.005", "--weight-decay", "0.01",
    "--seed", "0", "--eval-every", "200",
  ]

  /// Trains the default model from scratch exactly as documented, and checks the result
  /// against the built-in model's weights.
  func benchTraining(_ bench: inout BenchTable) throws {
    progress("training the default model from scratch (2000 steps)")
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
      "tracer-bench-\(getpid())")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let corpus = directory.appendingPathComponent("robots.txt").path
    try Data(BuiltinContent.robotsCorpus.utf8).write(to: URL(fileURLWithPath: corpus))
    var arguments = Arguments(
      ["--corpus", corpus, "-o", directory.appendingPathComponent("m.json").path]
        + Self.defaultModelTrainingArguments, declared: TrainCommand.help.options)
    let command = try TrainCommand(parsing: &arguments)
    let start = try command.initialModel()
    guard case .corpus(let data) = try command.trainingData(for: start) else {
      throw RunError("the default model trains on a corpus")
    }
    let result = try Trainer.train(start, on: data, settings: command.settings)
    let shipped = try WeightsFile.decode(BuiltinContent.defaultModel, format: .json)
    let note = "robots.txt, \(result.tokens) tokens, \(Matrix.defaultThreadCount) threads"
    bench.add("training", "default model from scratch", result.seconds, "s", note)
    bench.add("training", "speed", Double(result.tokens) / result.seconds, "tokens/s", note)
    bench.add(
      "training", "same weights as the built-in model",
      result.model.parameters == shipped.parameters ? 1 : 0, "yes=1",
      "bit-for-bit reproduction of Walkthroughs/models/robots.json")
  }
}
