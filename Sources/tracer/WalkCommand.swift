import TinyGPT
import TraceKit
import Walkthrough

/// `tracer walk`: the step-by-step walkthrough of a forward pass, with the real numbers.
struct WalkCommand: Command {
  static let name = "walk"
  static let help = Help(
    usage: "tracer walk [--prompt <text>] [--model <path>] [display options]",
    abstract:
      "Step through the model's forward pass on a prompt, page by page, with every real matrix.",
    discussion:
      "On a terminal the walkthrough takes over the screen: → or space for the next page, ← back, [ ] heads, { } layers, ? for all keys, q to quit. When standard input or output is not a terminal it prints every page instead.",
    options: [
      ("--prompt <text>", "The text to run (default: \"the robots will bring\")."),
      ("--passes <n>", "Forward passes to record; each appends the chosen token (default 4)."),
      ModelOptions.helpEntry,
    ] + SamplingOptions.helpEntries + WalkthroughOptions.helpEntries,
    examples: [
      "tracer walk", "tracer walk --prompt \"the robots\"",
      "tracer walk --all --color never > handout.txt",
      "tracer walk --step 7", "tracer walk --autoplay 4",
    ])

  var model: ModelOptions
  var sampling: SamplingOptions
  var display: WalkthroughOptions
  var prompt: String
  var passes: Int

  init(parsing arguments: inout Arguments) throws {
    model = try ModelOptions(parsing: &arguments)
    sampling = try SamplingOptions(parsing: &arguments)
    display = try WalkthroughOptions(parsing: &arguments)
    prompt = try arguments.option("--prompt") ?? defaultPrompt
    passes = try arguments.integer("--passes", in: 1...1000) ?? defaultPassCount
  }

  func run() throws {
    let script = try display.script()
    let (model, name) = try model.load()
    noteIfLarge(model, doing: "tracing")
    let trace = try model.trace(
      prompt: prompt, passCount: passes, sampling: sampling.settings, modelName: name,
      weightsSHA256: WeightsFile.sha256(of: model))
    try display.present(try Walkthrough(trace: trace, script: script))
  }
}

/// Passes recorded by `walk` and `trace` unless told otherwise: the prediction plus a few more
/// generated tokens for the generation page. Equal for both, so a replay matches a live walk.
let defaultPassCount = 4
