import Dispatch
import Foundation
import TinyGPT
import Training

extension Options {
  static let corpus = Option.text(
    "--corpus", placeholder: "file", help: "A text file to train a word-level model on.")
  static let task = Option<String>.choice(
    "--task", among: ["sort"],
    help: "The sorting task: letters, '|', the same letters sorted (e.g. dbeca|abcde)."
  ) {
    $0 == "sort" ? $0 : nil
  }
  static let letters = Option.text(
    "--letters", placeholder: "chars", help: "Sort task: the letters (default abcde).")
  static let length = Option.integer(
    "--length", in: 2...64, help: "Sort task: letters per input (default 5).")
  static let steps = Option.integer(
    "--steps", in: 1...10_000_000, help: "Optimizer steps (default 2000).")
  static let batchSize = Option.integer(
    "--batch-size", in: 1...100_000, help: "Sequences per step (default 16).")
  static let learningRate = Option.number(
    "--lr", placeholder: "rate", in: 0...1e30,
    help: "Peak learning rate, after a linear warm-up, with cosine decay (default 0.003).")
  static let weightDecay = Option.number(
    "--weight-decay", placeholder: "w", in: 0...1e30,
    help: "AdamW weight decay on matrices (default 0.01).")
  static let evalEvery = Option.integer(
    "--eval-every", in: 0...10_000_000,
    help: "Report the held-out loss every n steps (default: 10 times per run).")
  static let initFrom = Option.text(
    "--init-from", placeholder: "file",
    help: "Continue training this model (its config and vocabulary are kept).")
}

/// `tracer train`: train a model on a word corpus or on the sorting task, and write it.
struct TrainCommand: Command {
  static let name = "train"
  static let help = Help(
    usage: "tracer train (--corpus <file.txt> | --task sort) -o <file> [options]",
    abstract: "Train a model by backpropagation (AdamW) on a corpus or the sorting task.",
    discussion:
      "Progress goes to standard error; the summary (train and held-out loss, sort "
      + "accuracy, time) to standard output. Ctrl-C stops after the current step and "
      + "still writes the model trained so far. Same options and seed, same weights, bit "
      + "for bit. A word corpus is cut into sentences (ending with . ! or ?); each "
      + "training sequence starts at a sentence, and 10% of the sentences (chosen by "
      + "--seed) are held out.",
    options: [
      Options.corpus.spec, Options.task.spec, Options.letters.spec, Options.length.spec,
    ] + ConfigOptions.specs.filter { $0.names != Options.dVocab.names } + [
      Options.steps.spec, Options.batchSize.spec, Options.learningRate.spec,
      Options.weightDecay.spec,
      Options.seed.help(
        "Seed of the initialisation, the batches and the held-out split (default 0)."
      ).spec,
      Options.evalEvery.spec, Options.initFrom.spec,
      Options.output.help("The weights file to write, .json or .safetensors (required).").spec,
      Options.force.spec,
    ],
    examples: [
      "tracer train --corpus Walkthroughs/corpora/robots.txt -o my-model.json",
      "tracer train --task sort --seed 3 -o sort.json",
      "tracer train --corpus notes.txt --init-from my-model.json --steps 500 -o more.json",
    ])

  var corpusPath: String?
  var letters: String
  var length: Int
  var config: ConfigOptions
  var settings = TrainingSettings()
  var initFrom: String?
  var output: String
  var force: Bool

  init(parsing arguments: inout Arguments) throws {
    corpusPath = try arguments.value(Options.corpus)
    let task = try arguments.value(Options.task)
    guard (corpusPath == nil) != (task == nil) else {
      throw UsageError("give exactly one of --corpus <file> and --task sort")
    }
    letters = try arguments.value(Options.letters) ?? "abcde"
    length = try arguments.value(Options.length) ?? 5
    config = try ConfigOptions(parsing: &arguments)
    if config.dVocab != nil { throw UsageError("--d-vocab is set by the data, not by an option") }
    settings.steps = try arguments.value(Options.steps) ?? settings.steps
    settings.batchSize = try arguments.value(Options.batchSize) ?? settings.batchSize
    settings.learningRate =
      try arguments.value(Options.learningRate).map(Float.init) ?? settings.learningRate
    settings.weightDecay =
      try arguments.value(Options.weightDecay).map(Float.init) ?? settings.weightDecay
    settings.seed = try arguments.value(Options.seed) ?? 0
    settings.evalEvery = try arguments.value(Options.evalEvery) ?? max(1, settings.steps / 10)
    initFrom = try arguments.value(Options.initFrom)
    guard let output = try arguments.value(Options.output) else {
      throw UsageError("-o <file> is required")
    }
    _ = try WeightsFormat(path: output)
    self.output = output
    force = arguments.isSet(Options.force)
    do {
      try settings.validate()
    } catch let error as TrainingError {
      throw UsageError(error.description)
    }
    if initFrom != nil && config.givesAnyField {
      throw UsageError("config options cannot be combined with --init-from (its config is kept)")
    }
  }

  func run() throws {
    try checkWritable(output, force: force)
    let start = try initialModel()
    let console = Console.standard
    let stop = StopRequest()
    stop.install()
    let reporter = ProgressReporter(console: console, steps: settings.steps)
    let result: TrainingResult
    let data = try trainingData(for: start)
    do {
      switch data {
      case .corpus(let corpus):
        result = try Trainer.train(
          start, on: corpus, settings: settings, progress: reporter.report,
          shouldStop: stop.isRequested)
      case .sort(let task):
        result = try Trainer.train(
          start, on: task, settings: settings, progress: reporter.report,
          shouldStop: stop.isRequested)
      }
    } catch let error as TrainingError {
      throw RunError(error.description)
    }
    reporter.finish()
    var model = result.model
    var summary = [
      result.stopped
        ? "stopped at step \(result.stepsCompleted) of \(settings.steps) (Ctrl-C)"
        : "trained \(result.stepsCompleted) steps",
      "train loss     \(lossText(result.trainLoss))",
    ]
    model.metadata["train_loss"] = lossText(result.trainLoss)
    if let heldOut = result.heldOutLoss {
      summary.append("held-out loss  \(lossText(heldOut))")
      model.metadata["held_out_loss"] = lossText(heldOut)
    }
    if case .sort(let task) = data {
      var rng = RandomSource(seed: settings.seed ^ 0x4652_4553)  // "FRES": fresh inputs
      let inputs = task.freshInputs(count: 2000, heldOut: true, rng: &rng)
      let accuracy = model.sortAccuracy(inputs, separator: task.letters.count)
      summary.append(
        "sort accuracy  \(fixedPoint(accuracy * 100, digits: 2))% exact on 2000 fresh "
          + "held-out inputs"
      )
      model.metadata["sort_accuracy"] = fixedPoint(accuracy, digits: 4)
    }
    model.metadata["description"] = describe(model, data: data)
    model.metadata["trained_with"] = (["tracer"] + CommandLine.arguments.dropFirst()).joined(
      separator: " ")
    model.metadata["train_steps"] = "\(result.stepsCompleted)"
    let rate = result.seconds > 0 ? Double(result.tokens) / result.seconds : 0
    summary.append(
      "time           \(fixedPoint(result.seconds, digits: 1)) s, \(grouped(Int(rate))) tokens/s")
    try WeightsFile.write(model, to: output, replacing: force)
    summary.append("wrote \(output): \(grouped(model.parameters.parameterCount)) parameters")
    try console.out(summary.joined(separator: "\n") + "\n")
  }

  /// The data of the run.
  enum Data {
    case corpus(WordCorpus)
    case sort(SortTask)
  }

  /// The model training starts from: `--init-from`, or a fresh one shaped by the options.
  func initialModel() throws -> Model {
    if let initFrom {
      guard FileManager.default.fileExists(atPath: initFrom) else {
        throw RunError("no such file: \(initFrom)")
      }
      do { return try WeightsFile.read(contentsOf: initFrom) } catch {
        throw RunError("cannot load \(initFrom): \(error)")
      }
    }
    let tokenizer = try trainingTokenizer()
    var options = config
    if corpusPath == nil, options.nCtx == nil { options.nCtx = 2 * length }
    let modelConfig = try options.modelConfig(dVocab: tokenizer.vocabulary.count)
    return try Model.randomlyInitialized(
      config: modelConfig, tokenizer: tokenizer, seed: settings.seed)
  }

  /// The tokenizer of a fresh model: the corpus's words or the sort task's letters.
  func trainingTokenizer() throws -> Tokenizer {
    do {
      if let corpusPath {
        return try WordCorpus(text: try readCorpus(corpusPath), nCtx: 1_000_000).tokenizer
      }
      return try SortTask(letters: letters, length: length).tokenizer
    } catch let error as TrainingError {
      throw RunError(error.description)
    }
  }

  /// The corpus or task, tokenized with `model`'s vocabulary and cut to its context.
  func trainingData(for model: Model) throws -> Data {
    do {
      if let corpusPath {
        return .corpus(
          try WordCorpus(
            text: try readCorpus(corpusPath), nCtx: model.config.nCtx, seed: settings.seed,
            vocabulary: model.tokenizer))
      }
      return .sort(try SortTask(letters: letters, length: length, seed: settings.seed))
    } catch let error as TrainingError {
      throw RunError("\(corpusPath ?? "sort task"): \(error.description)")
    }
  }

  func readCorpus(_ path: String) throws -> String {
    guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
      throw RunError("cannot read corpus \(path)")
    }
    return text
  }

  /// The `description` metadata: what the model was trained on and its shape.
  func describe(_ model: Model, data: Data) -> String {
    let c = model.config
    let what: String
    switch data {
    case .corpus:
      what = "trained on \((corpusPath.map { ($0 as NSString).lastPathComponent }) ?? "a corpus")"
    case .sort(let task): what = "trained to sort \(task.length) letters of \(String(task.letters))"
    }
    return "\(what): \(c.nLayers) layers, \(c.nHeads) heads, d_model \(c.dModel), d_mlp \(c.dMLP), "
      + "n_ctx \(c.nCtx), \(c.dVocab) tokens"
  }
}

/// A Ctrl-C flag: SIGINT sets it (through a dispatch source), the training loop polls it.
final class StopRequest: @unchecked Sendable {
  private let lock = NSLock()
  private var requested = false
  private var source: (any DispatchSourceSignal)?

  func install() {
    signal(SIGINT, SIG_IGN)
    let source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
    source.setEventHandler { [weak self] in self?.request() }
    source.resume()
    self.source = source
  }

  func request() {
    lock.lock()
    requested = true
    lock.unlock()
  }

  func isRequested() -> Bool {
    lock.lock()
    defer { lock.unlock() }
    return requested
  }
}

/// Progress on standard error: one live line on a terminal, plain periodic lines otherwise.
final class ProgressReporter {
  let console: Console
  let steps: Int
  let isTerminal = isatty(STDERR_FILENO) != 0
  private var lastDraw = ContinuousClock.now
  private var lastHeldOut: Double?

  init(console: Console, steps: Int) {
    self.console = console
    self.steps = steps
  }

  func report(_ p: TrainingProgress) {
    if let heldOut = p.heldOutLoss { lastHeldOut = heldOut }
    let heldOut = lastHeldOut.map { "  held-out \(lossText($0))" } ?? ""
    let line =
      "step \(p.step)/\(p.totalSteps)  loss \(lossText(p.loss))\(heldOut)  "
      + "\(grouped(Int(p.tokensPerSecond))) tok/s  \(Int(p.secondsLeft.rounded(.up)))s left"
    if isTerminal {
      let now = ContinuousClock.now
      guard now - lastDraw > .milliseconds(100) || p.step == p.totalSteps else { return }
      lastDraw = now
      console.note("\r\u{1B}[2K" + line)
    } else if p.heldOutLoss != nil || p.step == p.totalSteps {
      console.note(line + "\n")
    }
  }

  /// Ends the live line.
  func finish() {
    if isTerminal { console.note("\n") }
  }
}

extension ConfigOptions {
  /// Whether any config field was given on the command line.
  var givesAnyField: Bool {
    nLayers != nil || dModel != nil || nHeads != nil || dMLP != nil || nCtx != nil
      || dVocab != nil || actFn != nil || normalization != nil || positional != nil || untied
  }
}

/// A number with `digits` decimals.
func fixedPoint(_ value: Double, digits: Int = 4) -> String {
  String(format: "%.\(digits)f", value)
}

/// A loss in nats per token: 4 decimals, or 3 significant digits when tiny.
func lossText(_ value: Double) -> String {
  value < 0.001 ? String(format: "%.2e", value) : fixedPoint(value)
}
