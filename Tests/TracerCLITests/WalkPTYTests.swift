import TestSupport
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// `tracer walk` on a real (pseudo) terminal: keys, help, quitting, and a restored terminal.
@Suite(.serialized) struct WalkPTYTests {
  static let enterAlternateScreen = "\u{1B}[?1049h"
  static let leaveAlternateScreen = "\u{1B}[?1049l"

  /// The raw bytes of `attributes`, for byte-for-byte comparison.
  static func bytes(_ attributes: termios?) -> [UInt8]? {
    attributes.map { value in withUnsafeBytes(of: value) { Array($0) } }
  }

  /// Starts `tracer walk` on a 100x30 terminal and waits for the first page.
  static func startWalk() throws -> PTYProcess {
    let process = try PTYProcess(
      executable: Tracer.executable, arguments: ["walk"], columns: 100, rows: 30)
    let shown = process.waitForOutput(containing: "Words become numbers")
    #expect(shown, "the first page appears; output so far: \(process.outputText.suffix(300))")
    return process
  }

  /// Checks that the child restored the terminal it found.
  static func expectRestored(
    _ process: PTYProcess, sourceLocation: SourceLocation = #_sourceLocation
  ) {
    #expect(
      bytes(process.terminal.slaveAttributes()) == bytes(process.attributesBeforeStart),
      "terminal attributes after exit equal those before start", sourceLocation: sourceLocation)
    let output = process.outputText
    #expect(output.contains(enterAlternateScreen), sourceLocation: sourceLocation)
    #expect(output.contains(leaveAlternateScreen), sourceLocation: sourceLocation)
    if let enter = output.range(of: enterAlternateScreen),
      let leave = output.range(of: leaveAlternateScreen)
    {
      #expect(
        enter.upperBound <= leave.lowerBound, "enter before leave", sourceLocation: sourceLocation)
    }
  }

  @Test func keysMoveThroughPagesAndQQuits() throws {
    let process = try Self.startWalk()
    #expect(process.waitForOutput(containing: "page 1/"))
    try process.type([0x1B, 0x5B, 0x43])  // →
    #expect(process.waitForOutput(containing: "Each token becomes a vector"))
    #expect(process.waitForOutput(containing: "page 2/"))
    try process.type("9\r]")
    #expect(process.waitForOutput(containing: "head 1 of 2"))
    try process.type("?")
    #expect(process.waitForOutput(containing: "any other key goes back"))
    try process.type("x")
    try process.type("q")
    #expect(process.waitForExit() == .exited(0))
    Self.expectRestored(process)
  }

  @Test func controlCQuitsCleanly() throws {
    let process = try Self.startWalk()
    try process.type([0x03])
    #expect(process.waitForExit() == .exited(0))
    Self.expectRestored(process)
  }

  @Test func sigtermRestoresTheTerminalAndExits143() throws {
    let process = try Self.startWalk()
    process.send(signal: SIGTERM)
    #expect(process.waitForExit() == .exited(143))
    Self.expectRestored(process)
  }

  @Test func printedModeOnATerminalWithAll() throws {
    // --all on a terminal prints instead of taking over the screen.
    let process = try PTYProcess(
      executable: Tracer.executable, arguments: ["walk", "--all", "--color", "never"], columns: 100,
      rows: 30)
    #expect(process.waitForExit() == .exited(0))
    #expect(process.outputText.contains("Words become numbers"))
    #expect(!process.outputText.contains(Self.enterAlternateScreen))
    #expect(
      Self.bytes(process.terminal.slaveAttributes()) == Self.bytes(process.attributesBeforeStart))
  }
}
