import Foundation
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// Runs the built `tracer` binary as a child process, with a time limit.
enum Tracer {
  /// What one run produced.
  struct Result {
    /// The exit code, or nil when the run was killed for taking too long.
    var status: Int32?
    var stdout: String
    var stderr: String

    /// Standard error split into non-empty lines.
    var errorLines: [String] { stderr.split(separator: "\n").map(String.init) }
  }

  /// The `tracer` executable `swift test` built next to the test bundle.
  static let executable: String = {
    var candidates: [URL] = []
    if let first = ProcessInfo.processInfo.arguments.first {
      candidates.append(URL(fileURLWithPath: first).deletingLastPathComponent())
    }
    candidates.append(Bundle.main.bundleURL)
    // <package>/Tests/TracerCLITests/Tracer.swift -> <package>/.build/debug
    let package = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .deletingLastPathComponent().deletingLastPathComponent()
    candidates.append(package.appendingPathComponent(".build/debug"))
    for directory in candidates {
      let path = directory.appendingPathComponent("tracer").path
      if FileManager.default.isExecutableFile(atPath: path) { return path }
    }
    return package.appendingPathComponent(".build/debug/tracer").path
  }()

  /// A fresh empty directory for one test's files.
  static func temporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent(
      "tracer-cli-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
  }

  /// Runs `tracer arguments` with standard input from `/dev/null` (or `input` through a pipe)
  /// and output to files, so that nothing is a terminal; kills it after `timeout` seconds.
  static func run(
    _ arguments: [String], input: String? = nil, environment: [String: String] = [:],
    directory: URL? = nil, timeout: Double = 20
  ) throws -> Result {
    let scratch = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: scratch) }
    let outURL = scratch.appendingPathComponent("stdout")
    let errURL = scratch.appendingPathComponent("stderr")
    _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
    _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
    let out = try FileHandle(forWritingTo: outURL)
    let err = try FileHandle(forWritingTo: errURL)
    defer {
      try? out.close()
      try? err.close()
    }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    var env = [
      "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "HOME": NSTemporaryDirectory(), "COLUMNS": "80",
    ]
    env.merge(environment) { _, new in new }
    process.environment = env
    if let directory { process.currentDirectoryURL = directory }
    process.standardOutput = out
    process.standardError = err
    var inputPipe: Pipe?
    if input != nil {
      let pipe = Pipe()
      process.standardInput = pipe
      inputPipe = pipe
    } else {
      process.standardInput = FileHandle(forReadingAtPath: "/dev/null")
    }
    try process.run()
    if let input, let pipe = inputPipe {
      pipe.fileHandleForWriting.write(Data(input.utf8))
      try pipe.fileHandleForWriting.close()
    }
    let deadline = Date().addingTimeInterval(timeout)
    while process.isRunning && Date() < deadline { usleep(5_000) }
    var status: Int32?
    if process.isRunning {
      process.terminate()
      process.waitUntilExit()
    } else {
      process.waitUntilExit()
      status = process.terminationStatus
    }
    let stdout = String(decoding: (try? Data(contentsOf: outURL)) ?? Data(), as: UTF8.self)
    let stderr = String(decoding: (try? Data(contentsOf: errURL)) ?? Data(), as: UTF8.self)
    return Result(status: status, stdout: stdout, stderr: stderr)
  }
}
