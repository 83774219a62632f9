import Foundation
import TraceKit

/// `tracer diff`: where two traces differ, activation by activation.
struct DiffCommand: Command {
  static let name = "diff"
  static let help = Help(
    usage: "tracer diff <a.json> <b.json> [--json]",
    abstract:
      "Compare two traces: the largest difference of every activation, the first one that differs, and both predictions.",
    discussion:
      "Activations are compared by name, in execution order, pass by pass; those whose shapes differ are listed as skipped. Exit status 0 when the traces are identical, 1 when they differ (like diff), 2 for a usage error. Typical use: the model's own run against an intervened one, to see where an ablation first bites.",
    options: [Options.json.spec],
    examples: [
      "tracer trace -o clean.json && tracer trace --ablate L0H1 -o ablated.json",
      "tracer diff clean.json ablated.json",
    ])

  var paths: (String, String)
  var json: Bool

  init(parsing arguments: inout Arguments) throws {
    json = arguments.isSet(Options.json)
    guard let a = arguments.positional(), let b = arguments.positional() else {
      throw UsageError("which two traces? (tracer diff <a.json> <b.json>)")
    }
    paths = (a, b)
  }

  func run() throws {
    func read(_ path: String) throws -> Trace {
      do {
        return try TraceFile.read(contentsOf: path)
      } catch {
        throw RunError("cannot read trace \(path): \(error)")
      }
    }
    let (a, b) = (try read(paths.0), try read(paths.1))
    let diff = TraceDiff(a, b)
    let report = DiffReport(a: a, b: b, names: paths, diff: diff)
    try Console.standard.out(json ? try report.json() : report.text())
    if !diff.identical { throw CommandExit(status: 1) }
  }
}

/// Ends a command with an exit status and no message (`diff` exits 1 when traces differ).
struct CommandExit: Error {
  var status: Int32
}
