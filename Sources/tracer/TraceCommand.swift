import TinyGPT
import TraceKit

/// `tracer trace`: one recorded forward pass, written as a JSON trace file.
struct TraceCommand: Command {
  static let name = "trace"
  static let help = Help(
    usage: "tracer trace --prompt <text> [-o <file>] [options]",
    abstract: "Run the model on a prompt and save every intermediate matrix as a JSON trace.",
    discussion:
      "The trace holds the config, the tokens, every activation under its TransformerLens name, and the top next-token candidates (see Docs/trace-format.md). 'tracer replay' shows it as a walkthrough.",
    options: [
      ("--prompt <text>", "The text to run (default: \"the robots will bring\")."),
      ("-o, --output <file>", "Where to write the trace (default: trace.json)."),
      (
        "--passes <n>",
        "Record n passes, appending the chosen token after each (default 4, as walk)."
      ),
      ModelOptions.helpEntry,
    ] + SamplingOptions.helpEntries + [("--force", "Overwrite the output file if it exists.")],
    examples: ["tracer trace --prompt \"the robots will bring\" -o trace.json"])

  var model: ModelOptions
  var sampling: SamplingOptions
  var prompt: String
  var output: String
  var passes: Int
  var force: Bool

  init(parsing arguments: inout Arguments) throws {
    model = try ModelOptions(parsing: &arguments)
    sampling = try SamplingOptions(parsing: &arguments)
    prompt = try arguments.option("--prompt") ?? defaultPrompt
    output = try arguments.option("-o", "--output") ?? "trace.json"
    passes = try arguments.integer("--passes", in: 1...1000) ?? defaultPassCount
    force = arguments.flag("--force")
  }

  func run() throws {
    try checkWritable(output, force: force)
    let (model, name) = try model.load()
    noteIfLarge(model, doing: "tracing")
    let trace = try model.trace(
      prompt: prompt, passCount: passes, sampling: sampling.settings, modelName: name,
      weightsSHA256: WeightsFile.sha256(of: model))
    try TraceFile.write(trace, to: output)
    let activations = trace.passes.reduce(0) { $0 + $1.activations.count }
    Console.standard.note(
      "wrote \(output): \(trace.passes.count) pass(es), \(activations) activations\n")
  }
}

/// The prompt of the default walkthrough, as in the animated article.
let defaultPrompt = "the robots will bring"
