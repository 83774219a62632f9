import TestSupport
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// `tracer walk` on a pseudo-terminal: typed page numbers, Ctrl-Z, TERM=dumb and the lab's
/// live keys, each ending with the terminal restored.
@Suite struct WalkLabPTYTests {
  static let enterAlternateScreen = "\u{1B}[?1049h"
  static let leaveAlternateScreen = "\u{1B}[?1049l"

  /// Waits until the output written after byte `mark` contains `text`.
  @discardableResult
  static func waitForOutput(
    _ process: PTYProcess, after mark: Int, containing text: String,
    timeout: Duration = .seconds(10)
  ) -> Bool {
    let deadline = ContinuousClock.now.advanced(by: timeout)
    while ContinuousClock.now < deadline {
      if String(decoding: process.output.dropFirst(mark), as: UTF8.self).contains(text) {
        return true
      }
      process.waitForOutput(containing: "\u{0}never", timeout: .milliseconds(50))
    }
    return false
  }

  static func start(_ arguments: [String] = []) throws -> PTYProcess {
    let process = try PTYProcess(
      executable: Tracer.executable, arguments: ["walk"] + arguments, columns: 120, rows: 30)
    #expect(process.waitForOutput(containing: "page 1/"), "\(process.outputText.suffix(300))")
    return process
  }

  static func quitAndExpectRestored(
    _ process: PTYProcess, sourceLocation: SourceLocation = #_sourceLocation
  ) throws {
    try process.type("q")
    #expect(process.waitForExit() == .exited(0), sourceLocation: sourceLocation)
    #expect(
      WalkPTYTests.bytes(process.terminal.slaveAttributes())
        == WalkPTYTests.bytes(process.attributesBeforeStart),
      "terminal attributes restored", sourceLocation: sourceLocation)
    let output = process.outputText
    if let leave = output.range(of: leaveAlternateScreen, options: .backwards) {
      #expect(!output[leave.upperBound...].contains(enterAlternateScreen))
    } else {
      Issue.record("the alternate screen is left", sourceLocation: sourceLocation)
    }
  }

  @Test func escapeCancelsATypedNumber() throws {
    let process = try Self.start()
    try process.type("3")
    #expect(process.waitForOutput(containing: "go to 3_"))
    let mark = process.output.count
    try process.type([0x1B])
    #expect(Self.waitForOutput(process, after: mark, containing: "page 1/"), "redrawn, not quit")
    #expect(!String(decoding: process.output.dropFirst(mark), as: UTF8.self).contains("go to"))
    try process.type("\r")
    try Self.quitAndExpectRestored(process)
  }

  @Test func termDumbPrintsPages() throws {
    let process = try PTYProcess(
      executable: Tracer.executable, arguments: ["walk", "--width", "80"],
      environment: ["TERM=dumb", "PATH=/usr/bin:/bin", "LANG=C.UTF-8", "HOME=/tmp"],
      columns: 100, rows: 30)
    #expect(process.waitForExit() == .exited(0))
    let output = process.outputText
    #expect(output.contains("Words become numbers") && output.contains("Generating more"))
    #expect(!output.contains("\u{1B}["), "no control sequences at all")
  }

  /// Ctrl-Z under a shell with job control: the terminal is restored while tracer is stopped,
  /// and `fg` brings the walkthrough back, redrawn.
  @Test func controlZSuspendsAndFgResumes() throws {
    let script = "set -m; \"$0\" walk; echo STOPPED $?; read line; fg >/dev/null; echo DONE $?"
    let process = try PTYProcess(
      executable: "/bin/sh", arguments: ["-c", script, Tracer.executable], columns: 100, rows: 30)
    #expect(process.waitForOutput(containing: "page 1/"))
    try process.type("2\r")
    #expect(process.waitForOutput(containing: "page 2/"))
    try process.type([0x1A])
    #expect(process.waitForOutput(containing: "STOPPED 148"), "\(process.outputText.suffix(200))")
    let stopped = process.outputText
    let leave = try #require(stopped.range(of: Self.leaveAlternateScreen, options: .backwards))
    #expect(!stopped[leave.upperBound...].contains(Self.enterAlternateScreen))
    #expect(
      WalkPTYTests.bytes(process.terminal.slaveAttributes())
        == WalkPTYTests.bytes(process.attributesBeforeStart), "cooked mode while stopped")
    let mark = process.output.count
    try process.type("\n")
    #expect(Self.waitForOutput(process, after: mark, containing: Self.enterAlternateScreen))
    #expect(Self.waitForOutput(process, after: mark, containing: "page 2/"), "redrawn")
    let attributes = try #require(process.terminal.slaveAttributes())
    #expect(attributes.c_lflag & tcflag_t(ECHO | ICANON) == 0, "raw mode again")
    try process.type("q")
    #expect(process.waitForOutput(containing: "DONE 0"))
    #expect(process.waitForExit() == .exited(0))
    #expect(
      WalkPTYTests.bytes(process.terminal.slaveAttributes())
        == WalkPTYTests.bytes(process.attributesBeforeStart))
  }

  /// With the prompt on standard input, the keys come from the terminal (/dev/tty).
  @Test func promptFromStandardInputReadsKeysFromTheTerminal() throws {
    let script = "printf 'a robot finds music\\n' | \"$0\" walk --prompt-file -; echo DONE $?"
    let process = try PTYProcess(
      executable: "/bin/sh", arguments: ["-c", script, Tracer.executable],
      columns: 100, rows: 30)
    #expect(process.waitForOutput(containing: "page 1/"), "\(process.outputText.suffix(300))")
    #expect(process.outputText.contains("music"))
    try process.type("q")
    #expect(process.waitForOutput(containing: "DONE 0"))
    #expect(process.waitForExit() == .exited(0))
    #expect(
      WalkPTYTests.bytes(process.terminal.slaveAttributes())
        == WalkPTYTests.bytes(process.attributesBeforeStart))
  }

  /// One live key each: what to type (after going to `page`) and what the screen then shows.
  static let liveKeys: [(keys: String, page: Int, shows: String)] = [
    ("e\u{15}a robot finds music\r", 1, "a robot finds music"),
    ("e\u{15}the robts\r", 1, "did you mean"),
    ("a", 9, "changed: L0H0"),
    ("}A", 9, "changed: L1.mlp"),
    ("T", 1, "T 0.25"),
    ("TK", 1, "top-k 1"),
    ("TP", 1, "top-p 0.5"),
    ("Ts", 1, "seed 1"),
    ("TTt", 1, "T 0.25 · seed 0"),
    ("g", 3, "Contents"),
    ("/causal\r", 1, "page 7/"),
    ("?", 1, "ablate / restore the current head"),
  ]

  @Test(arguments: liveKeys.indices)
  func liveKey(_ index: Int) throws {
    let (keys, page, shows) = Self.liveKeys[index]
    let process = try Self.start()
    if page > 1 {
      try process.type("\(page)\r")
      #expect(process.waitForOutput(containing: "page \(page)/"))
    }
    let mark = process.output.count
    try process.type(keys)
    #expect(
      Self.waitForOutput(process, after: mark, containing: shows),
      "\(keys.debugDescription) shows \(shows): \(String(decoding: process.output.dropFirst(mark).suffix(400), as: UTF8.self))"
    )
    if keys.hasPrefix("e") && !shows.contains("did you mean") || keys == "a" {
      #expect(Self.waitForOutput(process, after: mark, containing: "page \(page)/"), "same page")
    }
    if shows.contains("did you mean") || keys == "g" || keys == "?" { try process.type([0x1B]) }
    try Self.quitAndExpectRestored(process)
  }
}
