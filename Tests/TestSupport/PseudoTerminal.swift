// A self-contained pseudo-terminal helper for tests (Glibc only, no other imports needed).
//
// `PseudoTerminal` opens a master/slave pair at a given size; `PTYProcess` spawns a child
// process with the slave as its controlling terminal (a new session via POSIX_SPAWN_SETSID, then
// opening the slave without O_NOCTTY), lets a test type keys and read the screen output with a
// timeout, and reports the exit status and the slave's attributes after the child exits.
// It lives in the TestSupport target, which the TerminalKit and tracer CLI tests share.

#if canImport(Glibc)
  import Glibc
#endif

/// A failure of the pty helper, with a one-line description.
public struct PTYError: Error, CustomStringConvertible {
  /// What failed.
  public let description: String

  /// The error for the failed call `name`, reading `errno`.
  public static func system(_ name: String) -> PTYError {
    PTYError(description: "\(name) failed: \(String(cString: strerror(errno)))")
  }
}

/// How a child process ended.
public enum PTYExitStatus: Equatable, CustomStringConvertible {
  /// The child called `exit` with this code.
  case exited(Int32)
  /// The child was killed by this signal.
  case signaled(Int32)

  /// Decodes a `waitpid` status word (the WIFEXITED/WTERMSIG macros are not importable).
  public init(waitStatus status: Int32) {
    let low = status & 0x7f
    self = low == 0 ? .exited((status >> 8) & 0xff) : .signaled(low)
  }

  /// `exited(0)` or `signaled(15)`.
  public var description: String {
    switch self {
    case .exited(let code): return "exited(\(code))"
    case .signaled(let signal): return "signaled(\(signal))"
    }
  }
}

/// A pseudo-terminal pair; both ends are close-on-exec and closed on deinit.
public final class PseudoTerminal {
  /// The master end: what a terminal emulator holds (write keys, read screen output).
  public let master: Int32
  /// The slave end: what the program under test sees as its terminal.
  public let slave: Int32
  /// The slave's device path, such as `/dev/pts/3`.
  public let slavePath: String

  /// Opens a pair and sets the window size to `columns` x `rows`.
  public init(columns: Int = 80, rows: Int = 24) throws {
    // posix_openpt/grantpt/unlockpt/ptsname are not imported into Swift's Glibc module, so do
    // what glibc does on Linux: open the multiplexer, unlock the slave, ask for its number.
    let master = open("/dev/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC)
    guard master >= 0 else { throw PTYError.system("open /dev/ptmx") }
    let unlockSlave: UInt = 0x4004_5431  // TIOCSPTLCK = _IOW('T', 0x31, int)
    let getSlaveNumber: UInt = 0x8004_5430  // TIOCGPTN = _IOR('T', 0x30, unsigned int)
    var unlock: Int32 = 0
    var number: UInt32 = 0
    guard withUnsafeMutablePointer(to: &unlock, { ioctl(master, unlockSlave, $0) }) == 0,
      withUnsafeMutablePointer(to: &number, { ioctl(master, getSlaveNumber, $0) }) == 0
    else {
      let error = PTYError.system("ioctl(TIOCSPTLCK/TIOCGPTN)")
      close(master)
      throw error
    }
    let path = "/dev/pts/\(number)"
    let slave = open(path, O_RDWR | O_NOCTTY | O_CLOEXEC)
    guard slave >= 0 else {
      let error = PTYError.system("open \(path)")
      close(master)
      throw error
    }
    self.master = master
    self.slave = slave
    self.slavePath = path
    try setSize(columns: columns, rows: rows)
  }

  deinit {
    close(master)
    close(slave)
  }

  /// Sets the window size; the kernel sends SIGWINCH to the terminal's foreground group.
  public func setSize(columns: Int, rows: Int) throws {
    var size = winsize(ws_row: UInt16(rows), ws_col: UInt16(columns), ws_xpixel: 0, ws_ypixel: 0)
    let result = withUnsafeMutablePointer(to: &size) { ioctl(master, UInt(TIOCSWINSZ), $0) }
    guard result == 0 else { throw PTYError.system("ioctl(TIOCSWINSZ)") }
  }

  /// The slave's current attributes, or `nil` if they cannot be read.
  public func slaveAttributes() -> termios? {
    var attributes = termios()
    return tcgetattr(slave, &attributes) == 0 ? attributes : nil
  }

  /// Writes `bytes` to the master, as if typed.
  public func type(_ bytes: [UInt8]) throws {
    var offset = 0
    while offset < bytes.count {
      let written = bytes.withUnsafeBytes { buffer in
        write(master, buffer.baseAddress.map { $0 + offset }, buffer.count - offset)
      }
      if written < 0 && errno == EINTR { continue }
      guard written > 0 else { throw PTYError.system("write to pty master") }
      offset += written
    }
  }

  /// Writes `text` as UTF-8 to the master, as if typed.
  public func type(_ text: String) throws {
    try type(Array(text.utf8))
  }

  /// Reads what the master has available within `timeout`; returns `[]` if nothing arrived.
  /// Returns `nil` once the slave side is gone for good (EIO) and nothing is left.
  public func readAvailable(timeout: Duration) -> [UInt8]? {
    var request = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
    let milliseconds =
      Int32(timeout.components.seconds * 1000)
      + Int32(timeout.components.attoseconds / 1_000_000_000_000_000)
    let ready = poll(&request, 1, max(0, milliseconds))
    guard ready > 0 else { return [] }
    var buffer = [UInt8](repeating: 0, count: 8192)
    let count = buffer.withUnsafeMutableBytes { read(master, $0.baseAddress, $0.count) }
    if count > 0 { return Array(buffer[0..<count]) }
    if count < 0 && (errno == EINTR || errno == EAGAIN) { return [] }
    return nil
  }
}

/// A child process running under a pseudo-terminal.
public final class PTYProcess {
  /// The terminal the child runs on; the test keeps the slave open to inspect it after exit.
  public let terminal: PseudoTerminal
  /// The child's process id.
  public let pid: pid_t
  /// Everything the child has written to the terminal so far (as read by the helper).
  public private(set) var output: [UInt8] = []
  /// The slave's attributes just before the child started, to compare with those after exit.
  public let attributesBeforeStart: termios?
  /// The exit status, once `waitForExit` has seen the child end.
  public private(set) var exitStatus: PTYExitStatus?

  /// The output decoded as UTF-8 (invalid bytes replaced).
  public var outputText: String { String(decoding: output, as: UTF8.self) }

  /// Spawns `executable` with `arguments` (not including argv[0]) on a new `columns` x `rows`
  /// terminal, as leader of a new session whose controlling terminal is the pty slave.
  public init(
    executable: String, arguments: [String] = [], environment: [String]? = nil,
    columns: Int = 80, rows: Int = 24
  ) throws {
    terminal = try PseudoTerminal(columns: columns, rows: rows)
    attributesBeforeStart = terminal.slaveAttributes()
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    // Opening the slave (without O_NOCTTY) after setsid makes it the controlling terminal.
    posix_spawn_file_actions_addopen(&actions, 0, terminal.slavePath, O_RDWR, 0)
    posix_spawn_file_actions_adddup2(&actions, 0, 1)
    posix_spawn_file_actions_adddup2(&actions, 0, 2)

    let environment =
      environment ?? [
        "TERM=xterm-256color", "PATH=/usr/local/bin:/usr/bin:/bin", "LANG=C.UTF-8",
        "HOME=/tmp",
      ]
    let newSession: Int32 = 0x80  // POSIX_SPAWN_SETSID (glibc >= 2.26), not imported into Swift
    pid = try withDefaultSignals(extraFlags: newSession) { attributes in
      try spawn(
        executable, argv: [executable] + arguments, environment: environment, actions: &actions,
        attributes: &attributes)
    }
  }

  deinit {
    if exitStatus == nil {
      kill(pid, SIGKILL)
      var status: Int32 = 0
      _ = waitpid(pid, &status, 0)
    }
  }

  /// Types `text` into the child's terminal.
  public func type(_ text: String) throws {
    try terminal.type(text)
  }

  /// Types raw `bytes` (such as `[0x1b, 0x5b, 0x41]` for arrow up) into the child's terminal.
  public func type(_ bytes: [UInt8]) throws {
    try terminal.type(bytes)
  }

  /// Reads output until it contains `text` (searching all output so far) or `timeout` passes.
  @discardableResult
  public func waitForOutput(containing text: String, timeout: Duration = .seconds(10)) -> Bool {
    let clock = ContinuousClock()
    let deadline = clock.now.advanced(by: timeout)
    while true {
      if outputText.contains(text) { return true }
      guard clock.now < deadline else { return false }
      guard let bytes = terminal.readAvailable(timeout: .milliseconds(20)) else { return false }
      output += bytes
    }
  }

  /// Sends `signal` to the child.
  public func send(signal: Int32) {
    kill(pid, signal)
  }

  /// Waits up to `timeout` for the child to exit, collecting its output meanwhile; on timeout
  /// kills it with SIGKILL and returns `nil`.
  public func waitForExit(timeout: Duration = .seconds(10)) -> PTYExitStatus? {
    if let exitStatus { return exitStatus }
    let clock = ContinuousClock()
    let deadline = clock.now.advanced(by: timeout)
    var status: Int32 = 0
    while true {
      if let bytes = terminal.readAvailable(timeout: .milliseconds(10)) { output += bytes }
      let result = waitpid(pid, &status, WNOHANG)
      if result == pid {
        while let bytes = terminal.readAvailable(timeout: .milliseconds(10)), !bytes.isEmpty {
          output += bytes
        }
        let decoded = PTYExitStatus(waitStatus: status)
        exitStatus = decoded
        return decoded
      }
      if clock.now >= deadline || (result < 0 && errno != EINTR) {
        kill(pid, SIGKILL)
        _ = waitpid(pid, &status, 0)
        exitStatus = PTYExitStatus(waitStatus: status)
        return nil
      }
    }
  }
}
