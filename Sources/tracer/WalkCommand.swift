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
    options: TraceOptions.specs + WalkthroughOptions.specs,
    examples: [
      "tracer walk", "tracer walk --prompt \"the robots\"",
      "tracer walk --all --color never > handout.txt",
      "tracer walk --step 7", "tracer walk --autoplay 4", "tracer walk --ablate L0H1",
    ])

  var source: TraceOptions
  var display: WalkthroughOptions

  init(parsing arguments: inout Arguments) throws {
    source = try TraceOptions(parsing: &arguments)
    display = try WalkthroughOptions(parsing: &arguments)
  }

  func run() throws {
    try display.checkOutputs()
    let script = try display.script()
    try display.present(try Walkthrough(trace: try source.makeTrace(), script: script))
  }
}
