import Foundation
import Testing

/// `tracer` end to end, as a user runs it: output, errors, exit codes.
@Suite struct CLITests {
  /// Page titles of the default walkthrough, in order (the lines `N/M Title`).
  static func pageTitles(_ output: String) -> [String] {
    output.split(separator: "\n").map(String.init).filter { line in
      let words = line.split(separator: " ", maxSplits: 1)
      let numbers = words.first?.split(separator: "/", omittingEmptySubsequences: false) ?? []
      return words.count == 2 && numbers.count == 2
        && numbers.allSatisfy { !$0.isEmpty && $0.allSatisfy(\.isNumber) }
    }
  }

  @Test(arguments: [nil, "→\nq\n"])
  func walkWithoutATerminalPrintsEveryPageAndExits(_ input: String?) throws {
    let result = try Tracer.run(["walk"], input: input)
    #expect(result.status == 0, "stderr: \(result.stderr)")
    let titles = Self.pageTitles(result.stdout)
    #expect(titles.count >= 12)
    #expect(titles.first?.hasPrefix("1/\(titles.count) Words become numbers") == true)
    #expect(titles.last?.hasPrefix("\(titles.count)/\(titles.count) ") == true)
    #expect(!result.stdout.contains("\u{1B}"), "no colour when output is not a terminal")
    #expect(!result.stdout.contains("\u{1B}[?1049h"), "no alternate screen")
  }

  @Test func stepPrintsOnePage() throws {
    let result = try Tracer.run(["walk", "--step", "2", "--width", "60"])
    #expect(result.status == 0)
    let titles = Self.pageTitles(result.stdout)
    #expect(titles.count == 1)
    #expect(titles.first?.hasPrefix("2/") == true)
    #expect(result.stdout.split(separator: "\n").allSatisfy { $0.count <= 60 })
  }

  @Test func colourAlwaysColoursAFile() throws {
    let result = try Tracer.run(
      ["walk", "--step", "1", "--color", "always"], environment: ["COLORTERM": "truecolor"])
    #expect(result.status == 0)
    #expect(result.stdout.contains("\u{1B}["))
  }

  @Test func replayEqualsLiveWalk() throws {
    let directory = try Tracer.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let trace = try Tracer.run(["trace", "-o", "t.json"], directory: directory)
    #expect(trace.status == 0, "stderr: \(trace.stderr)")
    #expect(trace.stdout.isEmpty)
    #expect(trace.stderr.hasPrefix("wrote t.json: 4 pass(es)"))
    let replay = try Tracer.run(
      ["replay", "t.json", "--all", "--color", "never"], directory: directory)
    let live = try Tracer.run(["walk", "--all", "--color", "never"])
    #expect(replay.status == 0 && live.status == 0, "\(replay.stderr) \(live.stderr)")
    #expect(live.stdout.utf8.count > 1000)
    #expect(replay.stdout == live.stdout)
    // And with another prompt, passes and width, so the equality is not an accident of defaults.
    let other = ["--prompt", "a robot", "--passes", "2"]
    _ = try Tracer.run(["trace", "-o", "u.json"] + other, directory: directory)
    let replay2 = try Tracer.run(
      ["replay", "u.json", "--all", "--color", "never", "--width", "50"], directory: directory)
    let live2 = try Tracer.run(["walk", "--all", "--color", "never", "--width", "50"] + other)
    #expect(replay2.status == 0 && replay2.stdout == live2.stdout)
    #expect(replay2.stdout != replay.stdout)
  }

  @Test func traceRefusesToOverwriteWithoutForce() throws {
    let directory = try Tracer.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let path = directory.appendingPathComponent("t.json").path
    try Data("keep me".utf8).write(to: URL(fileURLWithPath: path))
    let refused = try Tracer.run(["trace", "-o", path])
    #expect(refused.status == 1)
    #expect(
      refused.errorLines == ["tracer: error: \(path) already exists (use --force to overwrite it)"])
    #expect(try String(contentsOfFile: path, encoding: .utf8) == "keep me")
    let forced = try Tracer.run(["trace", "-o", path, "--force"])
    #expect(forced.status == 0)
    #expect(try String(contentsOfFile: path, encoding: .utf8).hasPrefix("{"))
  }

  @Test(arguments: ["walk", "replay", "trace", "predict", "generate", "info", "init"])
  func helpWorksForEveryCommand(_ command: String) throws {
    for flag in ["--help", "-h"] {
      let result = try Tracer.run([command, flag])
      #expect(result.status == 0)
      #expect(result.stdout.hasPrefix("USAGE: tracer \(command)"))
      #expect(result.stdout.contains("OPTIONS:"))
      #expect(result.stderr.isEmpty)
      // Prose and options are wrapped to COLUMNS (80); usage and examples are printed as they are.
      let prose = result.stdout.components(separatedBy: "EXAMPLES:")[0].split(separator: "\n")
        .dropFirst()
      #expect(prose.allSatisfy { $0.count <= 80 })
    }
  }

  @Test func topLevelHelpListsEveryCommand() throws {
    let result = try Tracer.run(["--help"])
    #expect(result.status == 0)
    for command in ["walk", "replay", "trace", "predict", "generate", "info", "init"] {
      #expect(result.stdout.contains("  \(command) "))
    }
  }
}
