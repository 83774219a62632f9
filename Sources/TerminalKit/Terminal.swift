#if canImport(Glibc)
  import Glibc
#endif

/// Queries about file descriptors connected to terminals.
public enum Terminal {
  /// Whether `fd` refers to a terminal (standard input by default).
  public static func isTerminal(fd: Int32 = STDIN_FILENO) -> Bool {
    isatty(fd) == 1
  }

  /// The terminal's size in character cells, or `nil` if `fd` is not a terminal or reports 0x0.
  ///
  /// Uses `ioctl(TIOCGWINSZ)`; standard output by default.
  public static func size(fd: Int32 = STDOUT_FILENO) -> (columns: Int, rows: Int)? {
    var window = winsize()
    let result = withUnsafeMutablePointer(to: &window) { ioctl(fd, UInt(TIOCGWINSZ), $0) }
    guard result == 0, window.ws_col > 0, window.ws_row > 0 else { return nil }
    return (columns: Int(window.ws_col), rows: Int(window.ws_row))
  }
}
