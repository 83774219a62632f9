import TerminalKit
import TestSupport
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// Tests that share process-wide state (signal handlers, the resize pipe) and so run one at a time.
@Suite(.serialized) struct TerminalIOTests {}

/// The raw bytes of `attributes`, for byte-for-byte comparison.
func attributeBytes(_ attributes: termios) -> [UInt8] {
  withUnsafeBytes(of: attributes) { Array($0) }
}

/// Reads everything the master side has received, waiting briefly for late bytes.
func drainOutput(_ terminal: PseudoTerminal) -> String {
  var output: [UInt8] = []
  while let bytes = terminal.readAvailable(timeout: .milliseconds(50)), !bytes.isEmpty {
    output += bytes
  }
  return String(decoding: output, as: UTF8.self)
}

/// A pipe whose ends are close-on-exec, so that children spawned by other tests do not hold it.
func makePipe() throws -> (read: Int32, write: Int32) {
  var ends: [Int32] = [-1, -1]
  guard pipe(&ends) == 0 else { throw PTYError.system("pipe") }
  for end in ends { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
  return (ends[0], ends[1])
}

extension TerminalIOTests {
  @Suite struct TerminalSessionTests {
    @Test func startSetsRawModeAndRestoreRestoresExactly() throws {
      let terminal = try PseudoTerminal(columns: 90, rows: 30)
      let before = try #require(terminal.slaveAttributes())
      #expect(before.c_lflag & tcflag_t(ICANON) != 0, "a fresh pty starts in canonical mode")

      let session = TerminalSession(input: terminal.slave, output: terminal.slave)
      try session.start()
      #expect(session.isActive)
      let during = try #require(terminal.slaveAttributes())
      #expect(during.c_lflag & tcflag_t(ECHO) == 0)
      #expect(during.c_lflag & tcflag_t(ICANON) == 0)
      #expect(during.c_lflag & tcflag_t(ISIG) == 0)
      #expect(during.c_iflag & tcflag_t(ICRNL) == 0)
      #expect(during.c_iflag & tcflag_t(IXON) == 0)
      #expect(during.c_oflag & tcflag_t(OPOST) != 0)
      #expect(RawMode.isRaw(during))
      #expect(attributeBytes(during) != attributeBytes(before))
      let started = drainOutput(terminal)

      session.restore()
      #expect(!session.isActive)
      let after = try #require(terminal.slaveAttributes())
      #expect(attributeBytes(after) == attributeBytes(before))
      let ended = drainOutput(terminal)

      session.restore()  // idempotent: writes nothing, changes nothing
      #expect(drainOutput(terminal) == "")
      #expect(try attributeBytes(#require(terminal.slaveAttributes())) == attributeBytes(before))

      // Alternate screen, hide cursor, home, clear; then reset colours, show cursor, leave.
      #expect(started == "\u{1b}[?1049h\u{1b}[?25l\u{1b}[H\u{1b}[2J")
      #expect(ended == "\u{1b}[0m\u{1b}[?25h\u{1b}[?1049l")
    }

    @Test func startOnANonTerminalThrowsAReadableError() throws {
      let ends = try makePipe()
      defer {
        close(ends.read)
        close(ends.write)
      }
      let session = TerminalSession(input: ends.read, output: ends.write)
      #expect(throws: TerminalError.notATerminal(fileDescriptor: ends.read)) {
        try session.start()
      }
      #expect(!session.isActive)
      let message = TerminalError.notATerminal(fileDescriptor: 7).description
      #expect(message == "file descriptor 7 is not a terminal (interactive mode needs a TTY)")
      #expect(!Terminal.isTerminal(fd: ends.read))
      #expect(Terminal.size(fd: ends.read) == nil)
    }

    @Test func onlyOneSessionAtATime() throws {
      let first = try PseudoTerminal()
      let second = try PseudoTerminal()
      let secondBefore = try #require(second.slaveAttributes())
      let session = TerminalSession(input: first.slave, output: first.slave)
      try session.start()
      let other = TerminalSession(input: second.slave, output: second.slave)
      #expect(throws: TerminalError.sessionAlreadyActive) { try other.start() }
      #expect(
        attributeBytes(try #require(second.slaveAttributes())) == attributeBytes(secondBefore))
      session.restore()
      try other.start()
      #expect(other.isActive)
      other.restore()
    }

    @Test func runRestoresWhenTheBodyThrows() throws {
      struct Failure: Error {}
      let terminal = try PseudoTerminal()
      let before = try #require(terminal.slaveAttributes())
      #expect(throws: Failure.self) {
        try TerminalSession.run(input: terminal.slave, output: terminal.slave) { session in
          #expect(session.isActive)
          #expect(RawMode.isRaw(try #require(terminal.slaveAttributes())))
          throw Failure()
        }
      }
      #expect(attributeBytes(try #require(terminal.slaveAttributes())) == attributeBytes(before))
      #expect(drainOutput(terminal).hasSuffix(TerminalControl.sessionEnd))
    }

    @Test func sizeReadsTheWindowSize() throws {
      let terminal = try PseudoTerminal(columns: 123, rows: 45)
      let size = try #require(Terminal.size(fd: terminal.slave))
      #expect(size.columns == 123)
      #expect(size.rows == 45)
      #expect(Terminal.isTerminal(fd: terminal.slave))
    }

    @Test func readerReportsResizeAndKeysDuringASession() throws {
      let terminal = try PseudoTerminal()
      let session = TerminalSession(input: terminal.slave, output: terminal.slave)
      try session.start()
      defer { session.restore() }
      var reader = KeyReader(fileDescriptor: terminal.slave)
      #expect(try reader.nextEvent(timeout: .milliseconds(10)) == .timeout)

      try terminal.setSize(columns: 100, rows: 40)
      kill(getpid(), SIGWINCH)  // the test process is not the pty's foreground group
      #expect(try reader.nextEvent(timeout: .seconds(5)) == .resize)
      #expect(Terminal.size(fd: terminal.slave)?.columns == 100)

      try terminal.type([0x03] + Array("\u{1b}[Aq\r".utf8))
      #expect(try reader.nextEvent(timeout: .seconds(5)) == .key(.control("c")))
      #expect(try reader.nextEvent(timeout: .seconds(5)) == .key(.up))
      #expect(try reader.nextEvent(timeout: .seconds(5)) == .key(.character("q")))
      #expect(try reader.nextEvent(timeout: .seconds(5)) == .key(.enter))
      #expect(try reader.nextEvent(timeout: .milliseconds(10)) == .timeout)
    }
  }
}
