import TensorFiles
import TinyGPT
import TraceKit

/// What a trace is made from, shared by `trace` and `walk` so that a replay of a saved trace
/// matches a live walk: the model, the prompt, the number of passes, the sampling and the
/// interventions.
struct TraceOptions {
  var model: ModelOptions
  var sampling: SamplingOptions
  var interventions: InterventionOptions
  var prompt: String
  /// Whether the prompt came from standard input (`--prompt-file -`).
  var promptFromStandardInput: Bool
  /// `--passes`, or nil for the default rule (`defaultPassCount(for:promptTokens:)`).
  var passes: Int?
  /// Whether the trace carries the weights: `--weights`, `--no-weights`, or by size.
  var weights: Bool?

  static let specs =
    [Options.prompt.spec, Options.promptFile.spec, Options.passes.spec] + ModelOptions.specs
    + SamplingOptions.specs + InterventionOptions.specs
    + [Options.weights.spec, Options.noWeights.spec]

  init(parsing arguments: inout Arguments) throws {
    model = try ModelOptions(parsing: &arguments)
    sampling = try SamplingOptions(parsing: &arguments)
    interventions = try InterventionOptions(parsing: &arguments)
    let source = try PromptOptions(parsing: &arguments)
    prompt = source.text ?? defaultPrompt
    promptFromStandardInput = source.fromStandardInput
    weights = try arguments.weightsChoice()
    let passes = try arguments.value(Options.passes)
    if interventions.patching, let passes, passes > 1 {
      throw UsageError(
        "--patch records one pass (patching is defined for one token count), got --passes \(passes)"
      )
    }
    self.passes = passes ?? (interventions.patching ? 1 : nil)
  }

  /// The passes to record for `tokenCount` prompt tokens on `model`: `--passes`, or the default.
  func passCount(for model: Model, tokenCount: Int) -> Int {
    passes ?? defaultPassCount(for: model, promptTokens: tokenCount)
  }

  /// Loads the model and records the passes. `hashingWeights: false` leaves the trace's
  /// `weightsSHA256` empty, for a trace that is only shown and never written (hashing GPT-2
  /// small's 500 MB of weights would cost the walkthrough seconds at start).
  func makeTrace(hashingWeights: Bool = true) throws -> Trace {
    let (model, name) = try model.load()
    let hash = hashingWeights ? WeightsFile.sha256(of: model) : ""
    return try makeTrace(model: model, name: name, weightsSHA256: hash).trace
  }

  /// Records the passes on `model` (already loaded); also returns the patch values read from
  /// `--from`, for re-runs.
  func makeTrace(model: Model, name: String, weightsSHA256: String) throws -> (
    trace: Trace, patchValues: [PatchTarget: Tensor]
  ) {
    noteIfLarge(model, doing: "tracing")
    let tokens = try model.tokenizer.encode(prompt)
    try model.validate(tokens: tokens)
    let (interventions, patchValues) = try self.interventions.resolve(
      for: model, tokenCount: model.context(for: tokens).tokens.count)
    var trace = model.trace(
      tokens: tokens, prompt: prompt,
      passCount: passCount(for: model, tokenCount: tokens.count), sampling: sampling.settings,
      interventions: interventions, patchValues: patchValues, modelName: name,
      weightsSHA256: weightsSHA256)
    attachWeights(to: &trace, from: model)
    return (trace, patchValues)
  }

  /// Puts the model's weights, and with them the permutation run, in `trace` when `--weights`
  /// says so, or by default for a model of at most `weightsInTraceLimit` parameters.
  func attachWeights(to trace: inout Trace, from model: Model) {
    trace.carryWeightsAndPermutationRun(of: model, choice: weights)
  }
}

/// Traces carry the weights by default up to this many parameters (the built-in models have
/// about 8,000; GPT-2 small 124 million).
let weightsInTraceLimit = 1_000_000

extension Options {
  static let weights = Option.flag(
    "--weights",
    help:
      "Put the model's weights in the trace (the default up to a million parameters), so pages show W_Q, W_K, ... and every cell can be explained."
  )
  static let noWeights = Option.flag("--no-weights", help: "Leave the weights out of the trace.")
}

/// The prompt of the default walkthrough, as in the animated article.
let defaultPrompt = "the robots will bring"

/// Passes recorded by `walk` and `trace` for a word-level model unless told otherwise: the
/// prediction plus a few more generated tokens for the generation page.
let defaultPassCount = 4

/// The most passes the default rule records for a character-level model.
let defaultCharacterPassLimit = 64

/// Passes recorded by `walk` and `trace` unless told otherwise (equal for both, so a replay
/// matches a live walk). A word-level model: `defaultPassCount`. A character-level model
/// (whose answers, like the sort model's, are spelled out a character per pass): until the
/// context window is full, so that the last pass sees exactly n_ctx tokens, that is
/// n_ctx − prompt tokens + 1 passes (at least 1, at most `defaultCharacterPassLimit`).
func defaultPassCount(for model: Model, promptTokens: Int) -> Int {
  guard model.tokenizer.kind == .char else { return defaultPassCount }
  return min(defaultCharacterPassLimit, max(1, model.config.nCtx - promptTokens + 1))
}
