#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A file that cannot be opened, read or written, with the system's reason.
public struct FileError: Error, Equatable, CustomStringConvertible {
  /// The path involved.
  public var path: String
  /// What was being done (`open`, `read`, `write`, `rename`...).
  public var operation: String
  /// The system's explanation (`strerror`).
  public var reason: String

  public init(path: String, operation: String, reason: String) {
    self.path = path
    self.operation = operation
    self.reason = reason
  }

  /// An error for the current `errno`.
  static func fromErrno(path: String, operation: String) -> FileError {
    let code = errno
    let reason = strerror(code).map { String(cString: $0) } ?? "error \(code)"
    return FileError(path: path, operation: operation, reason: reason)
  }

  public var description: String { "cannot \(operation) \(path): \(reason)" }
}
