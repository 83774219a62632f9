import Foundation
import TensorFiles
import TinyGPT
import TraceKit

extension Options {
  static let tokens = Option.integer(
    "--tokens", in: 1...100_000, help: "How many tokens to generate (default 10).")
  static let traceFile = Option.text(
    "--trace", placeholder: "file",
    help: "Also write a JSON trace with one recorded forward pass per generated token.")
}

/// `tracer generate`: continue a prompt token by token, printing the text as it grows.
struct GenerateCommand: Command {
  static let name = "generate"
  static let help = Help(
    usage: "tracer generate --prompt <text> [--tokens <n>] [sampling options] [--trace <file>]",
    abstract: "Continue a prompt token by token, printing the text as it grows.",
    discussion:
      "When the text grows longer than the context window (n_ctx), only the last n_ctx tokens are fed to the model.",
    options: [
      promptOption.spec, Options.promptFile.spec,
      Options.tokens.spec, Options.traceFile.spec, Options.weights.spec, Options.noWeights.spec,
    ] + ModelOptions.specs + SamplingOptions.specs + InterventionOptions.specs + [
      Options.force.help("Overwrite the trace file if it exists.").spec
    ],
    examples: [
      "tracer generate --prompt \"the robots\" --tokens 5 --temperature 0.8 --top-k 5 --seed 7",
      "tracer generate --prompt \"the robots\" --ablate L1H0",
    ])

  static let promptOption = Options.prompt.help("The text to continue (default: \"the robots\").")

  var model: ModelOptions
  var sampling: SamplingOptions
  var interventions: InterventionOptions
  var prompt: String
  var count: Int
  var tracePath: String?
  /// Whether the `--trace` file carries the weights (`--weights`, `--no-weights`, or by size).
  var weights: Bool?
  var force: Bool

  init(parsing arguments: inout Arguments) throws {
    model = try ModelOptions(parsing: &arguments)
    sampling = try SamplingOptions(parsing: &arguments)
    interventions = try InterventionOptions(parsing: &arguments)
    prompt = try PromptOptions(parsing: &arguments, prompt: Self.promptOption).text ?? "the robots"
    let count = try arguments.value(Options.tokens)
    if interventions.patching, let count, count > 1 {
      throw UsageError(
        "--patch is defined for one token count, so it generates one token, got --tokens \(count)")
    }
    self.count = count ?? (interventions.patching ? 1 : 10)
    tracePath = try arguments.value(Options.traceFile)
    weights = try arguments.weightsChoice()
    force = arguments.isSet(Options.force)
  }

  func run() throws {
    if let tracePath { try checkWritable(tracePath, force: force) }
    let (model, name) = try model.load()
    let tokenizer = model.tokenizer
    var tokens = try tokenizer.encode(prompt)
    try model.validate(tokens: tokens)
    let (changes, patchValues) = try interventions.resolve(
      for: model, tokenCount: model.context(for: tokens).tokens.count)
    let console = Console.standard
    try console.out(tokenizer.decode(tokens))
    var failure: (any Error)?  // the first failed write; the token callbacks cannot throw
    func show(_ id: Int) {
      let before = tokenizer.decode(tokens)
      tokens.append(id)
      guard failure == nil else { return }
      do { try console.out(String(tokenizer.decode(tokens).dropFirst(before.count))) } catch {
        failure = error
      }
    }
    if let tracePath {
      var trace = try model.trace(
        prompt: prompt, passCount: count, sampling: sampling.settings, interventions: changes,
        patchValues: patchValues, modelName: name,
        weightsSHA256: WeightsFile.sha256(of: model), onPass: { show($0.chosen.id) })
      trace.carryWeightsAndPermutationRun(of: model, choice: weights)
      if let failure { throw failure }
      try console.out("\n")
      try TraceFile.write(trace, to: tracePath, replacing: force)
      console.note("wrote \(tracePath): \(trace.passes.count) passes\n")
    } else {
      _ = model.generate(
        after: tokens, count: count, sampling: sampling.settings, interventions: changes,
        patchValues: patchValues, onToken: show)
      if let failure { throw failure }
      try console.out("\n")
    }
  }
}
