import TensorFiles
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
    options: TraceOptions.specs + [
      Options.output.help(
        "Where to write the trace (default: trace.json; - for standard output)."
      ).spec,
      Options.force.spec,
    ],
    examples: [
      "tracer trace --prompt \"the robots will bring\" -o trace.json",
      "tracer trace --ablate L0H1 -o ablated.json",
      "tracer trace -o t.safetensors   # for numpy and PyTorch",
      "tracer trace --prompt \"a robot will bring\" --passes 1 -o b.json",
      "tracer trace --passes 1 --patch blocks.0.hook_resid_post --from b.json -o patched.json",
    ])

  var source: TraceOptions
  var output: String
  var force: Bool

  init(parsing arguments: inout Arguments) throws {
    source = try TraceOptions(parsing: &arguments)
    output = try arguments.value(Options.output) ?? "trace.json"
    force = arguments.isSet(Options.force)
  }

  func run() throws {
    try checkWritable(output, force: force, standardOutput: true)
    let trace = try source.makeTrace()
    let target = OutputTarget(argument: output, replacing: force)
    try TraceFile.write(trace, to: target)
    let activations = trace.passes.reduce(0) { $0 + $1.activations.count }
    Console.standard.note(
      "wrote \(target): \(trace.passes.count) pass(es), \(activations) activations\n")
  }
}
