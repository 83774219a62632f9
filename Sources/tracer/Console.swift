import Foundation
import TensorFiles

#if canImport(Glibc)
  import Glibc
#endif

/// Where a command writes: standard output for results, standard error for progress and errors.
///
/// Writes are plain `write` calls: a failure on standard output (a full disk, a closed pipe
/// with SIGPIPE ignored) is thrown, and `main` turns it into one line and exit code 1.
struct Console: Sendable {
  /// Columns available for text: `COLUMNS`, else 80.
  var width: Int

  /// The longest error line, in Unicode scalars (messages quote inputs as short excerpts; this
  /// bounds whatever slips through).
  static let errorLineLimit = 1000

  static var standard: Console {
    let env = ProcessInfo.processInfo.environment
    return Console(width: env["COLUMNS"].flatMap(Int.init).map { max(20, $0) } ?? 80)
  }

  /// Text on standard output; throws if it cannot all be written.
  func out(_ text: String) throws(FileError) {
    try Self.write(text, to: STDOUT_FILENO, name: "standard output")
  }

  /// One line on standard error, prefixed `tracer: error:`, at most `errorLineLimit`
  /// characters with line breaks escaped.
  func error(_ message: String) {
    note("tracer: error: \(excerpt(message, limit: Self.errorLineLimit))\n")
  }

  /// Text on standard error (progress, notes). A failure is ignored: there is nowhere left to
  /// report it.
  func note(_ text: String) {
    try? Self.write(text, to: STDERR_FILENO, name: "standard error")
  }

  /// Writes all of `text` to `fd`, retrying after interruptions and short writes.
  private static func write(_ text: String, to fd: Int32, name: String) throws(FileError) {
    var text = text
    let failure: FileError? = text.withUTF8 { buffer in
      guard let base = buffer.baseAddress else { return nil }
      var done = 0
      while done < buffer.count {
        let n = Glibc.write(fd, base + done, buffer.count - done)
        if n < 0 && errno == EINTR { continue }
        if n <= 0 {
          let code = n < 0 ? errno : EIO
          let reason = strerror(code).map { String(cString: $0) } ?? "error \(code)"
          return FileError(path: name, operation: "write", reason: reason)
        }
        done += n
      }
      return nil
    }
    if let failure { throw failure }
  }
}
