import Foundation

/// Where a command writes: standard output for results, standard error for progress and errors.
struct Console: Sendable {
  /// Columns available for text: `COLUMNS`, else 80.
  var width: Int

  static var standard: Console {
    let env = ProcessInfo.processInfo.environment
    return Console(width: env["COLUMNS"].flatMap(Int.init).map { max(20, $0) } ?? 80)
  }

  func out(_ text: String) {
    FileHandle.standardOutput.write(Data(text.utf8))
  }

  /// One line on standard error, prefixed `tracer: error:`.
  func error(_ message: String) {
    FileHandle.standardError.write(Data("tracer: error: \(message)\n".utf8))
  }

  /// Text on standard error (progress, notes).
  func note(_ text: String) {
    FileHandle.standardError.write(Data(text.utf8))
  }
}
