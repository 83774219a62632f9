#if canImport(Glibc)
  import Glibc
#endif

/// Writes bytes and whole screen frames to a terminal, retrying partial and interrupted writes.
public struct TerminalWriter: Sendable {
  /// The file descriptor written to.
  public let fileDescriptor: Int32
  /// Told about every chunk once it is written (e.g. a recorder); `nil` for none.
  public let observer: (any TerminalOutputObserver)?

  /// Creates a writer for `fileDescriptor` (standard output by default), optionally teeing
  /// every chunk it writes to `observer`.
  public init(
    fileDescriptor: Int32 = STDOUT_FILENO, observer: (any TerminalOutputObserver)? = nil
  ) {
    self.fileDescriptor = fileDescriptor
    self.observer = observer
  }

  /// Writes all of `bytes`, retrying on `EINTR` and waiting when the descriptor is full,
  /// then hands them to the observer.
  public func write(_ bytes: [UInt8]) throws(TerminalError) {
    try writeAll(bytes)
    observer?.terminalWrote(bytes)
  }

  private func writeAll(_ bytes: [UInt8]) throws(TerminalError) {
    var offset = 0
    while offset < bytes.count {
      let written = bytes.withUnsafeBytes { buffer in
        Glibc.write(fileDescriptor, buffer.baseAddress.map { $0 + offset }, buffer.count - offset)
      }
      if written > 0 {
        offset += written
        continue
      }
      let code = errno
      if written < 0 && code == EINTR { continue }
      if written < 0 && (code == EAGAIN || code == EWOULDBLOCK) {
        var request = pollfd(fd: fileDescriptor, events: Int16(POLLOUT), revents: 0)
        _ = poll(&request, 1, 100)
        continue
      }
      throw .systemCall(name: "write", code: written < 0 ? code : EIO)
    }
  }

  /// Writes `text` as UTF-8.
  public func write(_ text: String) throws(TerminalError) {
    try write(Array(text.utf8))
  }

  /// Redraws the screen with `lines` in one `write` call (see `frameBytes(lines:)`).
  public func writeFrame(lines: [String]) throws(TerminalError) {
    try write(Self.frameBytes(lines: lines))
  }

  /// The bytes that redraw the screen with `lines`, top to bottom, without flicker.
  ///
  /// Moves the cursor home and overwrites each line in place instead of clearing the screen
  /// first: each line but the last is cleared (`ESC[K`) just before it is written, and the
  /// last one clears everything from its row down (`ESC[J`) before it is written; the frame
  /// is wrapped in a synchronized update for terminals that support it. The clearing comes
  /// before the text, never after it: a line exactly as wide as the terminal leaves the
  /// cursor on its last character (wrap pending), and an erase there would wipe that
  /// character on xterm and most terminals. Lines are separated by `"\r\n"` and none follows
  /// the last line, so a frame of exactly `rows` lines does not scroll. Lines must not
  /// contain newlines and should fit the terminal's width.
  public static func frameBytes(lines: [String]) -> [UInt8] {
    var frame = TerminalControl.beginSynchronizedUpdate + TerminalControl.cursorHome
    for (index, line) in lines.enumerated() {
      if index > 0 { frame += "\r\n" }
      let isLast = index == lines.count - 1
      frame += isLast ? TerminalControl.clearToEndOfScreen : TerminalControl.clearToEndOfLine
      frame += line
    }
    if lines.isEmpty { frame += TerminalControl.clearToEndOfScreen }
    frame += TerminalControl.endSynchronizedUpdate
    return Array(frame.utf8)
  }
}
