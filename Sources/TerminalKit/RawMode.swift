#if canImport(Glibc)
  import Glibc
#endif

/// The terminal attribute changes that put a terminal into raw mode.
///
/// Like `cfmakeraw`, except that output post-processing (`OPOST`, `ONLCR`) stays on, so a plain
/// `"\n"` written by the renderer still returns the cursor to column 0.
public enum RawMode {
  /// Returns `attributes` changed to raw mode: no echo, no line buffering, no signals from
  /// keys (Ctrl-C arrives as byte 0x03), no flow control or CR/NL translation on input,
  /// 8-bit characters, and `read` returning as soon as one byte is available.
  public static func applied(to attributes: termios) -> termios {
    var raw = attributes
    let inputOff = IGNBRK | BRKINT | PARMRK | ISTRIP | INLCR | IGNCR | ICRNL | IXON
    raw.c_iflag &= ~tcflag_t(inputOff)
    raw.c_lflag &= ~tcflag_t(ECHO | ECHONL | ICANON | ISIG | IEXTEN)
    raw.c_cflag &= ~tcflag_t(CSIZE | PARENB)
    raw.c_cflag |= tcflag_t(CS8)
    raw.c_oflag |= tcflag_t(OPOST)
    withUnsafeMutableBytes(of: &raw.c_cc) { controlCharacters in
      controlCharacters[Int(VMIN)] = 1
      controlCharacters[Int(VTIME)] = 0
    }
    return raw
  }

  /// Whether `attributes` look like raw mode: echo, canonical input and key signals are off.
  public static func isRaw(_ attributes: termios) -> Bool {
    attributes.c_lflag & tcflag_t(ECHO | ICANON | ISIG) == 0
  }
}
