#if canImport(Glibc)
  import Glibc
#endif

/// Reads keys and window-size changes from a terminal, waiting at most a given time.
///
/// Uses `poll` on the input and on the SIGWINCH self-pipe (present once a `TerminalSession`
/// has been started), then `read` and a `KeyParser`. A lone Escape is reported after
/// `escapeTimeout` passes with no further bytes. Works on pipes and files too (for tests).
public struct KeyReader: Sendable {
  /// The file descriptor keys are read from.
  public let fileDescriptor: Int32
  /// How long an incomplete escape sequence may wait for its next byte.
  public var escapeTimeout: Duration
  /// Decodes the bytes read.
  private var parser = KeyParser()
  /// Keys decoded but not yet returned, oldest first.
  private var queuedKeys: [Key] = []
  /// Whether the input reached end of file.
  private var reachedEnd = false
  /// When the last byte of a still-incomplete sequence arrived.
  private var pendingSince: ContinuousClock.Instant?

  /// Creates a reader for `fileDescriptor` (standard input by default).
  public init(fileDescriptor: Int32 = STDIN_FILENO, escapeTimeout: Duration = .milliseconds(50)) {
    self.fileDescriptor = fileDescriptor
    self.escapeTimeout = escapeTimeout
  }

  /// Returns the next event, or `.timeout` if none happens within `timeout` (`nil`: wait
  /// forever). Keys already read come first, then a pending resize, then end of input.
  ///
  /// Interrupted system calls are retried; closed input or a hang-up gives `.endOfInput`
  /// (repeatedly); other failures throw.
  public mutating func nextEvent(timeout: Duration?) throws(TerminalError) -> TerminalEvent {
    let clock = ContinuousClock()
    let deadline = timeout.map { clock.now.advanced(by: $0) }
    while true {
      if !queuedKeys.isEmpty { return .key(queuedKeys.removeFirst()) }
      if SignalHandlers.consumeResize() { return .resize }
      if reachedEnd { return .endOfInput }
      let now = clock.now
      if let since = pendingSince, now - since >= escapeTimeout {
        queuedKeys += parser.flushPending()
        pendingSince = nil
        continue
      }
      if let deadline, now >= deadline { return .timeout }
      var wait: Duration? = deadline.map { $0 - now }
      if let since = pendingSince {
        let escapeWait = escapeTimeout - (now - since)
        wait = min(wait ?? escapeWait, escapeWait)
      }
      try waitAndRead(milliseconds: wait.map(Self.milliseconds(roundingUp:)) ?? -1, now: clock)
    }
  }

  /// Polls the input and the resize pipe for up to `milliseconds` (-1: forever), reading input.
  private mutating func waitAndRead(
    milliseconds: Int32, now clock: ContinuousClock
  ) throws(TerminalError) {
    var requests = [pollfd(fd: fileDescriptor, events: Int16(POLLIN), revents: 0)]
    let resizeDescriptor = SignalHandlers.resizeFileDescriptor
    if resizeDescriptor >= 0 {
      requests.append(pollfd(fd: resizeDescriptor, events: Int16(POLLIN), revents: 0))
    }
    let ready = poll(&requests, nfds_t(requests.count), milliseconds)
    if ready < 0 {
      if errno == EINTR || errno == EAGAIN { return }
      throw .lastSystemCall("poll")
    }
    let events = Int32(requests[0].revents)
    if events & Int32(POLLNVAL) != 0 { throw .systemCall(name: "poll", code: EBADF) }
    guard events & Int32(POLLIN | POLLHUP | POLLERR) != 0 else { return }
    var buffer = [UInt8](repeating: 0, count: 4096)
    let count = buffer.withUnsafeMutableBytes { read(fileDescriptor, $0.baseAddress, $0.count) }
    if count > 0 {
      queuedKeys += parser.feed(Array(buffer[0..<count]))
      pendingSince = parser.hasPending ? clock.now : nil
    } else if count == 0 || errno == EIO {
      // End of file, or the terminal hung up (EIO on a pty whose other side closed).
      reachedEnd = true
      queuedKeys += parser.flushPending()
      pendingSince = nil
    } else if errno != EINTR && errno != EAGAIN && errno != EWOULDBLOCK {
      throw .lastSystemCall("read")
    }
  }

  /// Converts a duration to whole milliseconds for `poll`, rounding up, clamped to `Int32`.
  public static func milliseconds(roundingUp duration: Duration) -> Int32 {
    let (seconds, attoseconds) = duration.components
    guard seconds >= 0, attoseconds >= 0 || seconds > 0 else { return 0 }
    let perMillisecond: Int64 = 1_000_000_000_000_000
    let fraction = (attoseconds + perMillisecond - 1) / perMillisecond
    let total = seconds.multipliedReportingOverflow(by: 1000)
    guard !total.overflow else { return Int32.max }
    return Int32(clamping: total.partialValue + fraction)
  }
}
