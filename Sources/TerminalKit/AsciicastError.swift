/// An asciicast file that cannot be read: the line and what is wrong with it.
public struct AsciicastError: Error, Hashable, Sendable, CustomStringConvertible {
  /// The 1-based line of the file.
  public var line: Int
  /// What is wrong, e.g. `expected version 2, found 1`.
  public var reason: String

  /// Creates an error.
  public init(line: Int, reason: String) {
    self.line = line
    self.reason = reason
  }

  public var description: String { "asciicast line \(line): \(reason)" }
}
