import TestSupport
import Testing

#if canImport(Glibc)
  import Glibc
#endif

@Suite struct TerminalPTYHelperTests {
  @Test func runsAShellUnderAControllingTerminal() throws {
    let process = try PTYProcess(
      executable: "/bin/sh",
      arguments: ["-c", "stty size; tty; read x; echo got:$x; exit 3"],
      columns: 101, rows: 33)
    #expect(process.waitForOutput(containing: "33 101"))
    #expect(process.waitForOutput(containing: process.terminal.slavePath))
    try process.type("hello\r")
    #expect(process.waitForOutput(containing: "got:hello"))
    #expect(process.waitForExit() == .exited(3))
    // Canonical mode turned CR into NL and echoed the typed line; ONLCR made NL into CR NL.
    #expect(process.outputText.contains("hello\r\ngot:hello\r\n"))
    let attributes = try #require(process.terminal.slaveAttributes())
    #expect(attributes.c_lflag & tcflag_t(ICANON) != 0)
  }

  @Test func reportsDeathBySignal() throws {
    let process = try PTYProcess(executable: "/bin/sh", arguments: ["-c", "echo ready; sleep 30"])
    #expect(process.waitForOutput(containing: "ready"))
    process.send(signal: SIGTERM)
    #expect(process.waitForExit() == .signaled(SIGTERM))
  }

  @Test func exitStatusDecoding() {
    #expect(PTYExitStatus(waitStatus: 0) == .exited(0))
    #expect(PTYExitStatus(waitStatus: 130 << 8) == .exited(130))
    #expect(PTYExitStatus(waitStatus: 9) == .signaled(9))
    #expect(PTYExitStatus(waitStatus: 0x80 | 6) == .signaled(6))
  }
}
