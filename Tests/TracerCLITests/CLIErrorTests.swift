import Foundation
import Testing

/// Bad input: one line on standard error, nothing on standard output, a non-zero exit.
@Suite struct CLIErrorTests {
  /// Runs `arguments` and checks the shape of the failure; returns the error line.
  @discardableResult
  static func failure(
    _ arguments: [String], status: Int32, directory: URL? = nil,
    sourceLocation: SourceLocation = #_sourceLocation
  ) throws -> String {
    let result = try Tracer.run(arguments, directory: directory)
    #expect(result.status == status, "exit code of \(arguments)", sourceLocation: sourceLocation)
    #expect(result.stdout.isEmpty, "stdout of \(arguments)", sourceLocation: sourceLocation)
    #expect(
      result.errorLines.count == 1, "stderr: \(result.stderr)", sourceLocation: sourceLocation)
    let line = result.errorLines.first ?? ""
    #expect(line.hasPrefix("tracer: error: "), sourceLocation: sourceLocation)
    return line
  }

  @Test func unknownOption() throws {
    let line = try Self.failure(["walk", "--bogus"], status: 2)
    #expect(line == "tracer: error: unknown option '--bogus' (see 'tracer walk --help')")
  }

  @Test func unknownCommand() throws {
    let line = try Self.failure(["wlak"], status: 2)
    #expect(line.contains("unknown command 'wlak'"))
    #expect(line.contains("walk, replay, trace"))
  }

  @Test func unknownWordInThePrompt() throws {
    let line = try Self.failure(["walk", "--prompt", "the zebras will bring"], status: 1)
    #expect(line.contains("zebras"))
  }

  @Test func missingModelFile() throws {
    let line = try Self.failure(["walk", "--model", "/nonexistent/model.json"], status: 1)
    #expect(
      line == "tracer: error: no such file: /nonexistent/model.json (built-in models: robots, sort)"
    )
  }

  @Test func malformedTraceFile() throws {
    let directory = try Tracer.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    try Data("{\"format\": \"transformer-tracer-trace\", \"version\": 1, \"config\": [".utf8)
      .write(to: directory.appendingPathComponent("bad.json"))
    let line = try Self.failure(["replay", "bad.json"], status: 1, directory: directory)
    #expect(line.hasPrefix("tracer: error: cannot read trace bad.json: "))
    let missing = try Self.failure(["replay", "absent.json"], status: 1, directory: directory)
    #expect(missing.contains("absent.json"))
    try Self.failure(["replay"], status: 2)
  }

  @Test func stepBeyondTheLastPage() throws {
    let line = try Self.failure(["walk", "--step", "999"], status: 2)
    #expect(line.contains("--step must be between 1 and "))
    #expect(line.contains("got 999"))
  }

  @Test func badColourValue() throws {
    let line = try Self.failure(["walk", "--color", "sometimes"], status: 2)
    #expect(line.contains("--color expects one of auto, always, never, got 'sometimes'"))
  }

  @Test func badNumbers() throws {
    try Self.failure(["walk", "--width", "abc"], status: 2)
    try Self.failure(["walk", "--width", "5"], status: 2)
    try Self.failure(["walk", "--layer", "7"], status: 2)
    try Self.failure(["walk", "--head", "9"], status: 2)
    try Self.failure(["walk", "--passes"], status: 2)
  }

  @Test func scriptShowingAMissingActivation() throws {
    let directory = try Tracer.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let script =
      "title: Broken\n\n--- Intro\nHello.\n\n--- Too deep\nview: mlp\n"
      + "show: blocks.5.hook_resid_post\n"
    try Data(script.utf8).write(to: directory.appendingPathComponent("broken.walk"))
    let line = try Self.failure(
      ["walk", "--walkthrough", "broken.walk"], status: 1, directory: directory)
    #expect(line.contains("page 'Too deep'"))
    #expect(line.contains("blocks.5.hook_resid_post"))
    #expect(line.contains("line 6"))
  }

  @Test func scriptWithAnUnknownView() throws {
    let directory = try Tracer.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    try Data("--- A\nview: sparkles\n".utf8).write(to: directory.appendingPathComponent("odd.walk"))
    let line = try Self.failure(
      ["walk", "--walkthrough", "odd.walk"], status: 1, directory: directory)
    #expect(
      line.hasPrefix("tracer: error: odd.walk: walkthrough script line 2: unknown view 'sparkles'"))
    try Self.failure(["walk", "--walkthrough", "missing.walk"], status: 1, directory: directory)
  }
}
