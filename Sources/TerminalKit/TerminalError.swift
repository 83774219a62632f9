#if canImport(Glibc)
  import Glibc
#endif

/// A failure of terminal input or output, with a one-line readable description.
public enum TerminalError: Error, Equatable, Sendable, CustomStringConvertible {
  /// The file descriptor is not connected to a terminal.
  case notATerminal(fileDescriptor: Int32)
  /// A system call failed; `code` is the `errno` value.
  case systemCall(name: String, code: Int32)
  /// `start()` was called while another `TerminalSession` is active in this process.
  case sessionAlreadyActive

  /// A one-line explanation suitable for printing to the user.
  public var description: String {
    switch self {
    case .notATerminal(let fileDescriptor):
      return "file descriptor \(fileDescriptor) is not a terminal (interactive mode needs a TTY)"
    case .systemCall(let name, let code):
      return "\(name) failed: \(String(cString: strerror(code))) (errno \(code))"
    case .sessionAlreadyActive:
      return "another terminal session is already active in this process"
    }
  }

  /// The error for a failed system call named `name`, reading the current `errno`.
  static func lastSystemCall(_ name: String) -> TerminalError {
    .systemCall(name: name, code: errno)
  }
}
