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
  var passes: Int
  /// Whether the trace carries the weights: `--weights`, `--no-weights`, or by size.
  var weights: Bool?

  static let specs =
    [Options.prompt.spec, Options.passes.spec] + ModelOptions.specs + SamplingOptions.specs
    + InterventionOptions.specs + [Options.weights.spec, Options.noWeights.spec]

  init(parsing arguments: inout Arguments) throws {
    model = try ModelOptions(parsing: &arguments)
    sampling = try SamplingOptions(parsing: &arguments)
    interventions = try InterventionOptions(parsing: &arguments)
    prompt = try arguments.value(Options.prompt) ?? defaultPrompt
    let (with, without) = (arguments.isSet(Options.weights), arguments.isSet(Options.noWeights))
    if with && without { throw UsageError("give --weights or --no-weights, not both") }
    weights = with ? true : without ? false : nil
    let passes = try arguments.value(Options.passes)
    if interventions.patching, let passes, passes > 1 {
      throw UsageError(
        "--patch records one pass (patching is defined for one token count), got --passes \(passes)"
      )
    }
    self.passes = passes ?? (interventions.patching ? 1 : defaultPassCount)
  }

  /// Loads the model and records the passes.
  func makeTrace() throws -> Trace {
    let (model, name) = try model.load()
    noteIfLarge(model, doing: "tracing")
    let tokens = try model.tokenizer.encode(prompt)
    try model.validate(tokens: tokens)
    let (interventions, patchValues) = try self.interventions.resolve(
      for: model, tokenCount: model.context(for: tokens).tokens.count)
    var trace = model.trace(
      tokens: tokens, prompt: prompt, passCount: passes, sampling: sampling.settings,
      interventions: interventions, patchValues: patchValues, modelName: name,
      weightsSHA256: WeightsFile.sha256(of: model))
    if weights ?? (model.parameters.parameterCount <= weightsInTraceLimit) {
      trace.parameters = model.parameters.namedTensors().map {
        NamedTensor(name: $0.name, tensor: $0.tensor)
      }
    }
    return trace
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

/// Passes recorded by `walk` and `trace` unless told otherwise: the prediction plus a few more
/// generated tokens for the generation page. Equal for both, so a replay matches a live walk.
let defaultPassCount = 4
