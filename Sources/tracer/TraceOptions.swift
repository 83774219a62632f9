import TensorFiles
import TinyGPT
import TraceKit

/// What a trace is made from, shared by `trace` and `walk` so that a replay of a saved trace
/// matches a live walk: the model, the prompt, the number of passes and the sampling.
struct TraceOptions {
  var model: ModelOptions
  var sampling: SamplingOptions
  var prompt: String
  var passes: Int

  static let helpEntries =
    [
      ("--prompt <text>", "The text to run (default: \"\(defaultPrompt)\")."),
      (
        "--passes <n>",
        "Forward passes to record; each appends the chosen token (default \(defaultPassCount))."
      ),
      ModelOptions.helpEntry,
    ] + SamplingOptions.helpEntries

  init(parsing arguments: inout Arguments) throws {
    model = try ModelOptions(parsing: &arguments)
    sampling = try SamplingOptions(parsing: &arguments)
    prompt = try arguments.option("--prompt") ?? defaultPrompt
    passes = try arguments.integer("--passes", in: 1...1000) ?? defaultPassCount
  }

  /// Loads the model and records the passes.
  func makeTrace() throws -> Trace {
    let (model, name) = try model.load()
    noteIfLarge(model, doing: "tracing")
    return try model.trace(
      prompt: prompt, passCount: passes, sampling: sampling.settings, modelName: name,
      weightsSHA256: WeightsFile.sha256(of: model))
  }
}

/// The prompt of the default walkthrough, as in the animated article.
let defaultPrompt = "the robots will bring"

/// Passes recorded by `walk` and `trace` unless told otherwise: the prediction plus a few more
/// generated tokens for the generation page. Equal for both, so a replay matches a live walk.
let defaultPassCount = 4
