#if canImport(Glibc)
  import Glibc
#endif

/// Full-screen interactive use of a terminal: raw mode, alternate screen, hidden cursor.
///
/// `start()` saves the terminal attributes, switches to raw mode (see `RawMode`), enters the
/// alternate screen and hides the cursor. `restore()` undoes all of it and may be called any
/// number of times. While a session is started, SIGINT, SIGTERM, SIGHUP and SIGQUIT restore the
/// terminal and exit with status 128+signal; crash signals restore it and then crash as usual;
/// `exit()` restores it too; SIGWINCH is reported by `KeyReader` as `.resize`. SIGTSTP (sent
/// from outside, or by `suspend()` for a typed Ctrl-Z) restores the terminal and stops the
/// process; when SIGCONT continues it, raw mode and the alternate screen come back and
/// `KeyReader` reports a `.resize` so that the screen is redrawn.
/// Only one session can be started at a time in a process.
public final class TerminalSession {
  /// The terminal file descriptor whose attributes are changed and keys are read from.
  public let inputFileDescriptor: Int32
  /// The file descriptor the screen-control sequences are written to.
  public let outputFileDescriptor: Int32
  /// The attributes saved by `start()`, or `nil` when the session is not started.
  public private(set) var originalAttributes: termios?

  /// Whether `start()` succeeded and `restore()` has not been called since.
  public var isActive: Bool { originalAttributes != nil }

  /// Creates a session for the given descriptors (standard input and output by default).
  public init(input: Int32 = STDIN_FILENO, output: Int32 = STDOUT_FILENO) {
    inputFileDescriptor = input
    outputFileDescriptor = output
  }

  deinit {
    restore()
  }

  /// Saves the terminal state, then enters raw mode, the alternate screen and hides the cursor.
  ///
  /// Throws `TerminalError.notATerminal` if the input is not a terminal, and
  /// `.sessionAlreadyActive` if another session is started; on any error the terminal is left
  /// as it was. Calling `start()` on a started session does nothing.
  public func start() throws(TerminalError) {
    guard !isActive else { return }
    guard Terminal.isTerminal(fd: inputFileDescriptor) else {
      throw .notATerminal(fileDescriptor: inputFileDescriptor)
    }
    var attributes = termios()
    guard tcgetattr(inputFileDescriptor, &attributes) == 0 else {
      throw .lastSystemCall("tcgetattr")
    }
    try SignalHandlers.arm(
      input: inputFileDescriptor, output: outputFileDescriptor, attributes: attributes)
    var raw = RawMode.applied(to: attributes)
    guard tcsetattr(inputFileDescriptor, TCSAFLUSH, &raw) == 0 else {
      let error = TerminalError.lastSystemCall("tcsetattr")
      SignalHandlers.disarm()
      throw error
    }
    originalAttributes = attributes
    do {
      try TerminalWriter(fileDescriptor: outputFileDescriptor).write(TerminalControl.sessionStart)
    } catch {
      restore()
      throw error
    }
  }

  /// Shows the cursor, leaves the alternate screen and puts the saved attributes back.
  ///
  /// Idempotent: does nothing if the session is not started. Never throws, so it is safe in
  /// `defer`; write errors are ignored because there is nothing better to do on the way out.
  public func restore() {
    guard var attributes = originalAttributes else { return }
    try? TerminalWriter(fileDescriptor: outputFileDescriptor).write(TerminalControl.sessionEnd)
    _ = tcsetattr(inputFileDescriptor, TCSAFLUSH, &attributes)
    originalAttributes = nil
    SignalHandlers.disarm()
  }

  /// Suspends the process as Ctrl-Z does in a shell: the terminal is restored while it is
  /// stopped and the session's screen comes back when it continues (see the type's notes).
  /// Returns once the process continues; the caller should redraw. Does nothing if the
  /// session is not started.
  public func suspend() {
    guard isActive else { return }
    _ = raise(SIGTSTP)
  }

  /// Starts a session, runs `body`, and restores the terminal however `body` ends.
  public static func run<Result>(
    input: Int32 = STDIN_FILENO, output: Int32 = STDOUT_FILENO,
    _ body: (TerminalSession) throws -> Result
  ) throws -> Result {
    let session = TerminalSession(input: input, output: output)
    try session.start()
    defer { session.restore() }
    return try body(session)
  }
}
