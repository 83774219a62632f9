import TraceKit
import Walkthrough

/// `tracer replay`: the walkthrough of a saved trace file, with no model needed.
struct ReplayCommand: Command {
  static let name = "replay"
  static let help = Help(
    usage: "tracer replay <trace.json> [display options]",
    abstract:
      "Show the walkthrough of a saved trace file (from 'tracer trace' or any program that writes the format).",
    discussion:
      "A replay looks exactly like a live 'tracer walk' of the same model and prompt; it needs no weights.",
    options: WalkthroughOptions.specs,
    examples: ["tracer trace -o t.json && tracer replay t.json"])

  var path: String
  var display: WalkthroughOptions

  init(parsing arguments: inout Arguments) throws {
    display = try WalkthroughOptions(parsing: &arguments)
    guard let path = arguments.positional() else {
      throw UsageError("which trace file? (tracer replay <trace.json>)")
    }
    self.path = path
  }

  func run() throws {
    try display.checkOutputs()
    let script = try display.script()
    let trace: Trace
    do {
      trace = try TraceFile.read(contentsOf: path)
    } catch {
      throw RunError("cannot read trace \(path): \(error)")
    }
    try display.present(try Walkthrough(trace: trace, script: script))
  }
}
