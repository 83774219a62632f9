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

  /// One live key each: keys typed first (on `page`, waiting until the screen shows
  /// `ready`), then the key, and what the screen shows after it.
  static let liveKeys: [(setup: String, ready: String, key: String, page: Int, shows: String)] = [
    ("", "", "e\u{15}a robot finds music\r", 1, "a robot finds music"),
    ("", "", "e\u{15}the robts\r", 1, "did you mean"),
    ("", "", "a", 9, "changed: L0H0"),
    ("a", "changed: L0H0", "a", 9, "page 9/22 · layer 0 of 2 · head 0 of 2 · greedy"),
    ("}", "layer 1 of 2", "A", 9, "changed: L1.mlp"),
    ("", "", "T", 1, "T 0.25"),
    ("TT", "T 0.5", "t", 1, "T 0.25"),
    ("T", "T 0.25", "K", 1, "top-k 1"),
    ("TKK", "top-k 2", "k", 1, "top-k 1"),
    ("T", "T 0.25", "P", 1, "top-p 0.5"),
    ("TPP", "top-p 0.75", "p", 1, "top-p 0.5"),
    ("T", "T 0.25", "s", 1, "seed 1"),
    ("", "", "g", 3, "Contents"),
    ("", "", "\t", 3, "Contents"),
    ("", "", "/causal\r", 1, "page 7/"),
    ("/softmax\r", "page 8/", "n", 1, "page 13/"),
    ("", "", "?", 1, "ablate / restore the current head"),
  ]

  @Test(arguments: liveKeys.indices)
  func liveKey(_ index: Int) throws {
    let (setup, ready, key, page, shows) = Self.liveKeys[index]
    let process = try Self.start()
    if page > 1 {
      try process.type("\(page)\r")
      #expect(process.waitForOutput(containing: "page \(page)/"))
    }
    if !setup.isEmpty {
      let mark = process.output.count
      try process.type(setup)
      #expect(Self.waitForOutput(process, after: mark, containing: ready))
      process.waitForOutput(containing: "\u{0}never", timeout: .milliseconds(100))
    }
    let mark = process.output.count
    try process.type(key)
    #expect(
      Self.waitForOutput(process, after: mark, containing: shows),
      "\(key.debugDescription) shows \(shows): \(String(decoding: process.output.dropFirst(mark).suffix(400), as: UTF8.self))"
    )
    if key.hasPrefix("e") && !shows.contains("did you mean") || key == "a" || key == "A" {
      #expect(Self.waitForOutput(process, after: mark, containing: "page \(page)/"), "same page")
    }
    if shows.contains("did you mean") || ["g", "\t", "?"].contains(key) {
      try process.type([0x1B])
    }
    try Self.quitAndExpectRestored(process)
  }
}
