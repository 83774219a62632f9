#if canImport(Glibc)
  import Glibc
#endif

// Process-wide state shared with signal handlers.
//
// Why `nonisolated(unsafe)` is safe here: these globals are written only by `SignalHandlers.arm`
// and `SignalHandlers.disarm`, which run with `lock` held and never while a handler could read a
// half-written value: `arm` fills every value before `sigaction` installs the handlers (the system
// call orders the writes before any delivery), and `disarm` clears `armed` only after the
// previous handlers are back. Handlers only read these values and call async-signal-safe
// functions (`write`, `tcsetattr`, `_exit`, `raise`, `signal`); the saved attributes and restore
// bytes live in memory allocated once and never freed, so a handler never sees a dangling pointer
// and never triggers lazy global initialisation (every global is touched before handlers exist).

/// Whether a session is armed: handlers restore the terminal only when this is 1.
nonisolated(unsafe) private var armed: sig_atomic_t = 0
/// The terminal file descriptor whose attributes are restored.
nonisolated(unsafe) private var restoreInput: Int32 = -1
/// The file descriptor the restore escape sequence is written to.
nonisolated(unsafe) private var restoreOutput: Int32 = -1
/// The original terminal attributes (allocated once, never freed).
nonisolated(unsafe) private var savedAttributes: UnsafeMutablePointer<termios>? = nil
/// The restore escape sequence (allocated once, never freed).
nonisolated(unsafe) private var restoreBytes: UnsafeMutablePointer<UInt8>? = nil
/// The number of bytes in `restoreBytes`.
nonisolated(unsafe) private var restoreByteCount: Int = 0
/// The raw-mode attributes put back when the process continues after a stop (allocated once).
nonisolated(unsafe) private var rawAttributes: UnsafeMutablePointer<termios>? = nil
/// The escape sequence that re-enters the session's screen (allocated once, never freed).
nonisolated(unsafe) private var startBytes: UnsafeMutablePointer<UInt8>? = nil
/// The number of bytes in `startBytes`.
nonisolated(unsafe) private var startByteCount: Int = 0
/// The read end of the self-pipe the SIGWINCH handler writes to (-1 until created).
nonisolated(unsafe) private var resizeReadEnd: Int32 = -1
/// The write end of the self-pipe the SIGWINCH handler writes to (-1 until created).
nonisolated(unsafe) private var resizeWriteEnd: Int32 = -1

/// Writes the restore sequence and puts the original attributes back, if a session is armed.
///
/// Async-signal-safe: only reads globals and calls `write` and `tcsetattr`.
private func restoreFromSignalContext() {
  guard armed == 1, let attributes = savedAttributes, let bytes = restoreBytes else { return }
  var offset = 0
  while offset < restoreByteCount {
    let written = write(restoreOutput, bytes + offset, restoreByteCount - offset)
    if written > 0 {
      offset += written
    } else if written < 0 && errno == EINTR {
      continue
    } else {
      break
    }
  }
  _ = tcsetattr(restoreInput, TCSAFLUSH, attributes)
}

/// Writes `count` bytes at `bytes` to `fd`, retrying interrupted writes (async-signal-safe).
private func writeFromSignalContext(_ fd: Int32, _ bytes: UnsafeMutablePointer<UInt8>, _ count: Int)
{
  var offset = 0
  while offset < count {
    let written = write(fd, bytes + offset, count - offset)
    if written > 0 {
      offset += written
    } else if !(written < 0 && errno == EINTR) {
      return
    }
  }
}

/// Handles SIGTSTP (Ctrl-Z, or a stop sent from outside) like other full-screen programs:
/// restore the terminal, stop with the default action, and when SIGCONT continues the
/// process, put raw mode and the alternate screen back and report a resize so the loop
/// redraws.
///
/// Async-signal-safe: `write`, `tcsetattr`, `sigaction`, `sigprocmask` and `raise` only.
private func handleStop(_ signal: Int32) {
  let savedErrno = errno
  let wasArmed = armed == 1
  restoreFromSignalContext()
  var defaultAction = sigaction()
  defaultAction.__sigaction_handler.sa_handler = SIG_DFL
  var ours = sigaction()
  _ = sigaction(SIGTSTP, &defaultAction, &ours)
  var stop = sigset_t()
  sigemptyset(&stop)
  sigaddset(&stop, SIGTSTP)
  _ = sigprocmask(SIG_UNBLOCK, &stop, nil)
  _ = raise(SIGTSTP)  // the process stops here until SIGCONT
  _ = sigprocmask(SIG_BLOCK, &stop, nil)
  _ = sigaction(SIGTSTP, &ours, nil)
  if wasArmed && armed == 1, let raw = rawAttributes, let bytes = startBytes {
    _ = tcsetattr(restoreInput, TCSAFLUSH, raw)
    writeFromSignalContext(restoreOutput, bytes, startByteCount)
    var byte: UInt8 = 1
    _ = write(resizeWriteEnd, &byte, 1)
  }
  errno = savedErrno
}

/// Handles SIGINT, SIGTERM, SIGHUP and SIGQUIT: restore the terminal and exit with 128+signal.
private func handleTerminatingSignal(_ signal: Int32) {
  restoreFromSignalContext()
  _exit(128 + signal)
}

/// Handles crash signals: restore the terminal, then die from the signal's default action.
private func handleCrashSignal(_ signal: Int32) {
  restoreFromSignalContext()
  // SA_RESETHAND already restored the default action and SA_NODEFER lets it arrive now.
  _ = raise(signal)
}

/// Handles SIGWINCH by writing one byte to the self-pipe, waking any `poll` on its read end.
private func handleWindowChange(_ signal: Int32) {
  let savedErrno = errno
  var byte: UInt8 = 1
  _ = write(resizeWriteEnd, &byte, 1)
  errno = savedErrno
}

/// Restores the terminal at normal process exit (`exit()` with a session still started).
private func restoreAtExit() {
  restoreFromSignalContext()
}

/// Installs and removes the process-wide signal handlers that protect a `TerminalSession`.
enum SignalHandlers {
  /// Signals that end the process after restoring the terminal, exit status 128+signal.
  static let terminatingSignals: [Int32] = [SIGINT, SIGTERM, SIGHUP, SIGQUIT]
  /// Signals that mean a crash: restore the terminal, then take the default action (core dump).
  static let crashSignals: [Int32] = [SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGTRAP]

  /// Serialises `arm` and `disarm` and guards `isArmed`.
  private static let lock = SignalLock()

  /// The handlers that were in place before `arm`, to put back in `disarm`.
  nonisolated(unsafe) private static var previousActions: [(Int32, sigaction)] = []
  /// Whether `atexit` has been registered already.
  nonisolated(unsafe) private static var registeredAtExit = false

  /// The read end of the resize self-pipe, or -1 if no session has been started yet.
  static var resizeFileDescriptor: Int32 {
    lock.withLock { resizeReadEnd }
  }

  /// Saves `attributes` for the handlers and installs them; throws if a session is armed.
  static func arm(input: Int32, output: Int32, attributes: termios) throws(TerminalError) {
    try lock.withLock { () throws(TerminalError) in
      guard armed == 0 else { throw .sessionAlreadyActive }
      try createResizePipeIfNeeded()
      let attributesStorage = savedAttributes ?? UnsafeMutablePointer<termios>.allocate(capacity: 1)
      attributesStorage.initialize(to: attributes)
      savedAttributes = attributesStorage
      if restoreBytes == nil {
        let sequence = Array(TerminalControl.sessionEnd.utf8)
        let storage = UnsafeMutablePointer<UInt8>.allocate(capacity: sequence.count)
        storage.initialize(from: sequence, count: sequence.count)
        restoreBytes = storage
        restoreByteCount = sequence.count
      }
      let rawStorage = rawAttributes ?? UnsafeMutablePointer<termios>.allocate(capacity: 1)
      rawStorage.initialize(to: RawMode.applied(to: attributes))
      rawAttributes = rawStorage
      if startBytes == nil {
        let sequence = Array(TerminalControl.sessionStart.utf8)
        let storage = UnsafeMutablePointer<UInt8>.allocate(capacity: sequence.count)
        storage.initialize(from: sequence, count: sequence.count)
        startBytes = storage
        startByteCount = sequence.count
      }
      restoreInput = input
      restoreOutput = output
      armed = 1
      if !registeredAtExit {
        registeredAtExit = true
        atexit { restoreAtExit() }
      }
      previousActions = []
      for signal in terminatingSignals {
        install(signal, flags: 0) { handleTerminatingSignal($0) }
      }
      let crashFlags = Int32(
        bitPattern: UInt32(truncatingIfNeeded: SA_RESETHAND)
          | UInt32(truncatingIfNeeded: SA_NODEFER))
      for signal in crashSignals {
        install(signal, flags: crashFlags) { handleCrashSignal($0) }
      }
      install(SIGWINCH, flags: 0) { handleWindowChange($0) }
      install(SIGTSTP, flags: 0) { handleStop($0) }
    }
  }

  /// Puts the previous handlers back and stops restoring from signal handlers.
  static func disarm() {
    lock.withLock {
      guard armed == 1 else { return }
      for (signal, action) in previousActions {
        var previous = action
        _ = sigaction(signal, &previous, nil)
      }
      previousActions = []
      armed = 0
    }
  }

  /// Returns whether a window change arrived since the last call, draining the self-pipe.
  static func consumeResize() -> Bool {
    let fd = resizeFileDescriptor
    guard fd >= 0 else { return false }
    var buffer = [UInt8](repeating: 0, count: 64)
    var sawResize = false
    while true {
      let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
      if count > 0 {
        sawResize = true
      } else if count < 0 && errno == EINTR {
        continue
      } else {
        return sawResize
      }
    }
  }

  /// Installs `handler` for `signal`, blocking all other signals while it runs.
  private static func install(
    _ signal: Int32, flags: Int32, handler: @escaping @convention(c) (Int32) -> Void
  ) {
    var action = sigaction()
    action.__sigaction_handler.sa_handler = handler
    action.sa_flags = flags
    sigfillset(&action.sa_mask)
    var previous = sigaction()
    if sigaction(signal, &action, &previous) == 0 {
      previousActions.append((signal, previous))
    }
  }

  /// Creates the non-blocking, close-on-exec self-pipe once per process.
  private static func createResizePipeIfNeeded() throws(TerminalError) {
    guard resizeReadEnd < 0 else { return }
    var ends: [Int32] = [-1, -1]
    guard pipe(&ends) == 0 else { throw .lastSystemCall("pipe") }
    for end in ends {
      _ = fcntl(end, F_SETFD, FD_CLOEXEC)
      _ = fcntl(end, F_SETFL, fcntl(end, F_GETFL) | O_NONBLOCK)
    }
    resizeReadEnd = ends[0]
    resizeWriteEnd = ends[1]
  }
}
