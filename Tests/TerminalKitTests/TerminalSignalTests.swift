import TerminalKit
import TestSupport
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// The environment variable that turns `terminalKitChildProgram` on in a re-executed test binary.
private let childVariable = "TERMINALKIT_CHILD_PROGRAM"

/// A small interactive program run in a child copy of this test binary, under a pty.
///
/// It starts a session on standard input/output, prints `READY`, then one `EVENT:<key>` line per
/// event. `q` restores and exits 0; `e` calls `exit(5)` without restoring (the `atexit` hook
/// must restore); `c` crashes (the crash handler must restore); end of input restores and
/// exits 7. Signals are left to the session's handlers.
/// Disabled unless the environment variable is set, so a normal test run skips it.
@Test(.enabled(if: getenv(childVariable) != nil))
func terminalKitChildProgram() throws {
  let session = TerminalSession()
  try session.start()
  let writer = TerminalWriter()
  var reader = KeyReader()
  try writer.write("READY\r\n")
  while true {
    let event = try reader.nextEvent(timeout: .seconds(20))
    switch event {
    case .key(.character("q")):
      session.restore()
      exit(0)
    case .key(.character("e")):
      exit(5)
    case .key(.character("c")):
      crash(after: event)
    case .endOfInput:
      session.restore()
      exit(7)
    case .key(let key):
      try writer.write("EVENT:\(key)\r\n")
    case .resize:
      let size = Terminal.size(fd: STDOUT_FILENO)
      try writer.write("EVENT:resize \(size?.columns ?? 0)x\(size?.rows ?? 0)\r\n")
    case .timeout:
      exit(9)
    }
  }
}

/// Traps, as a Swift runtime failure would (kept out of line so the trap is not optimised away).
@inline(never)
private func crash(after event: TerminalEvent) -> Never {
  var noCoreFile = rlimit(rlim_cur: 0, rlim_max: 0)
  _ = setrlimit(__rlimit_resource_t(RLIMIT_CORE.rawValue), &noCoreFile)
  fatalError("deliberate crash after \(event)")
}

/// The path of the running test binary, to re-execute it as a child program.
private func currentExecutable() throws -> String {
  var buffer = [CChar](repeating: 0, count: 4096)
  let length = readlink("/proc/self/exe", &buffer, buffer.count - 1)
  guard length > 0 else { throw PTYError.system("readlink /proc/self/exe") }
  return String(decoding: buffer[0..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
}

/// Starts the child program under a new pty and waits until it is in its session.
private func startChild() throws -> PTYProcess {
  let process = try PTYProcess(
    executable: try currentExecutable(),
    arguments: ["--testing-library", "swift-testing", "--filter", "terminalKitChildProgram"],
    environment: ["\(childVariable)=1", "TERM=xterm-256color", "PATH=/usr/bin:/bin"],
    columns: 80, rows: 24)
  #expect(process.waitForOutput(containing: "READY"), "child output: \(process.outputText)")
  return process
}

/// Checks that the child left its terminal exactly as it found it, and said so on screen.
private func expectRestored(_ process: PTYProcess) throws {
  let before = try #require(process.attributesBeforeStart)
  let after = try #require(process.terminal.slaveAttributes())
  #expect(attributeBytes(after) == attributeBytes(before))
  #expect(!RawMode.isRaw(after))
  #expect(process.outputText.contains("\u{1b}[?1049h\u{1b}[?25l"))
  #expect(process.outputText.contains("\u{1b}[0m\u{1b}[?25h\u{1b}[?1049l"))
}

extension TerminalIOTests {
  @Suite struct TerminalSignalTests {
    @Test(arguments: [SIGTERM, SIGINT, SIGHUP, SIGQUIT])
    func externalSignalRestoresAndExitsWith128PlusSignal(signal: Int32) throws {
      let process = try startChild()
      #expect(RawMode.isRaw(try #require(process.terminal.slaveAttributes())))
      process.send(signal: signal)
      #expect(process.waitForExit() == .exited(128 + signal))
      try expectRestored(process)
    }

    @Test func controlCIsAKeyAndQuitRestores() throws {
      let process = try startChild()
      try process.type([0x03])
      #expect(process.waitForOutput(containing: "EVENT:ctrl-c"))
      try process.type("\u{1b}[A")
      #expect(process.waitForOutput(containing: "EVENT:up"))
      try process.terminal.setSize(columns: 100, rows: 30)
      #expect(process.waitForOutput(containing: "EVENT:resize 100x30"))
      try process.type("q")
      #expect(process.waitForExit() == .exited(0))
      try expectRestored(process)
    }

    @Test func crashRestoresThenDiesFromTheSignal() throws {
      let process = try startChild()
      try process.type("c")
      let status = process.waitForExit()
      #expect(status == .signaled(SIGILL) || status == .signaled(SIGTRAP))
      try expectRestored(process)
    }

    @Test func exitWithoutRestoreIsRestoredAtExit() throws {
      let process = try startChild()
      try process.type("e")
      #expect(process.waitForExit() == .exited(5))
      try expectRestored(process)
    }
  }
}
