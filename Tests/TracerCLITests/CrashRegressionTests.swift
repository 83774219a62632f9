import Foundation
import TestSupport
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// Inputs and situations that used to trap or overflow the stack: each must now give one line
/// on standard error and an exit code below 128.
@Suite struct CrashRegressionTests {
  /// Runs `tracer arguments` with standard output on `output` (a descriptor, closed here);
  /// returns the exit status and the lines of standard error.
  static func run(
    _ arguments: [String], output: Int32, ignoringSIGPIPE: Bool = false
  ) throws -> (status: PTYExitStatus?, errors: [String]) {
    let directory = try Tracer.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let errorPath = directory.appendingPathComponent("stderr").path
    let child = try ChildProcess(
      executable: Tracer.executable, arguments: arguments, output: output, errorPath: errorPath,
      ignoringSIGPIPE: ignoringSIGPIPE)
    close(output)
    let status = child.waitForExit()
    let errors = String(
      decoding: (try? Data(contentsOf: URL(fileURLWithPath: errorPath))) ?? Data(), as: UTF8.self
    )
    .split(separator: "\n").map(String.init)
    return (status, errors)
  }

  static let stdoutCommands: [[String]] = [
    ["predict"], ["walk", "--all"], ["info", "--json"], ["--help"], ["trace", "--help"],
    ["--version"], ["generate", "--tokens", "2"],
  ]

  @Test(arguments: stdoutCommands)
  func fullDiskOnStandardOutput(_ arguments: [String]) throws {
    let full = open("/dev/full", O_WRONLY | O_CLOEXEC)
    try #require(full >= 0)
    let (status, errors) = try Self.run(arguments, output: full)
    #expect(status == .exited(1), "\(arguments)")
    #expect(errors == ["tracer: error: cannot write standard output: No space left on device"])
  }

  @Test(arguments: [["walk", "--all"], ["predict"], ["--help"]])
  func closedPipeWithSIGPIPEIgnored(_ arguments: [String]) throws {
    var ends: [Int32] = [-1, -1]
    try #require(pipe(&ends) == 0)
    _ = fcntl(ends[1], F_SETFD, FD_CLOEXEC)
    close(ends[0])  // nobody will ever read: every write fails with EPIPE
    let (status, errors) = try Self.run(arguments, output: ends[1], ignoringSIGPIPE: true)
    #expect(status == .exited(1), "\(arguments)")
    #expect(errors == ["tracer: error: cannot write standard output: Broken pipe"])
  }

  @Test func oneCharacterOutputPaths() throws {
    let directory = try Tracer.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let trace = try Tracer.run(["trace", "-o", "x"], directory: directory)
    #expect(trace.status == 0, "\(trace.stderr)")
    let written = try Data(contentsOf: directory.appendingPathComponent("x"))
    #expect(written.starts(with: Data("{".utf8)))
    let generate = try Tracer.run(
      ["generate", "--tokens", "2", "--trace", "y"], directory: directory)
    #expect(generate.status == 0, "\(generate.stderr)")
    #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent("y").path))
    let dot = try Tracer.run(["trace", "-o", "."], directory: directory)
    #expect(dot.status == 1)
    #expect(
      dot.errorLines == [
        "tracer: error: . is a directory, not a regular file; refusing to write it"
      ])
  }

  /// A JSON value nested 100,000 levels deep.
  static let deepValue =
    String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)

  @Test func deeplyNestedWeightsJSON() throws {
    let directory = try Tracer.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    try Data("{\"junk\": \(Self.deepValue)}".utf8).write(
      to: directory.appendingPathComponent("m.json"))
    let result = try Tracer.run(["info", "--model", "m.json"], directory: directory)
    #expect(result.status == 1)
    #expect(
      result.errorLines == [
        "tracer: error: cannot load m.json: weights file: JSON nested deeper than 64 levels at byte 72"
      ])
  }

  @Test func deeplyNestedTraceJSON() throws {
    let directory = try Tracer.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    try Data("{\"junk\": \(Self.deepValue)}".utf8).write(
      to: directory.appendingPathComponent("t.json"))
    let result = try Tracer.run(["replay", "t.json"], directory: directory)
    #expect(result.status == 1)
    #expect(
      result.errorLines == [
        "tracer: error: cannot read trace t.json: trace file: JSON nested deeper than 64 levels at byte 72"
      ])
  }

  @Test func deeplyNestedSafetensorsHeader() throws {
    let directory = try Tracer.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    // An unknown field of a tensor entry, where the reader skips values.
    let header = Array("{\"t\": {\"junk\": \(Self.deepValue)}}".utf8)
    var file = withUnsafeBytes(of: UInt64(header.count).littleEndian) { Array($0) }
    file += header
    try Data(file).write(to: directory.appendingPathComponent("m.safetensors"))
    let result = try Tracer.run(["info", "--model", "m.safetensors"], directory: directory)
    #expect(result.status == 1)
    // 8 length bytes, then `{"t": {"junk": ` (15 bytes) and 62 brackets: the 63rd opens level 65.
    #expect(
      result.errorLines == [
        "tracer: error: cannot load m.safetensors: weights file: JSON nested deeper than 64 levels at byte \(8 + 15 + 62)"
      ])
  }

  @Test func hugeValuesAreQuotedShort() throws {
    let directory = try Tracer.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let long = String(repeating: "a", count: 2_000_000)
    try Data("{\"format\": \"\(long)\"}".utf8).write(to: directory.appendingPathComponent("f.json"))
    let expected = String(repeating: "a", count: 40) + "…"
    let trace = try Tracer.run(["replay", "f.json"], directory: directory)
    #expect(trace.status == 1)
    #expect(
      trace.errorLines == [
        "tracer: error: cannot read trace f.json: not a trace file: format is '\(expected)', expected 'transformer-tracer-trace'"
      ])
    let weights = try Tracer.run(["info", "--model", "f.json"], directory: directory)
    #expect(weights.status == 1)
    #expect(weights.errorLines.count == 1)
    #expect(weights.stderr.contains("format is '\(expected)'"))
    let option = try Tracer.run(["trace", "--passes", String(long.prefix(100_000))])
    #expect(option.status == 2)
    #expect(
      option.errorLines == [
        "tracer: error: --passes expects a whole number from 1 to 1000, got '\(expected)' (see 'tracer trace --help')"
      ])
    let command = try Tracer.run([String(long.prefix(100_000)) + "\nsecond line"])
    #expect(command.status == 2)
    #expect(command.errorLines.count == 1)
    #expect(command.stderr.count < 300)
  }
}
