/// A JSON text that cannot be read, with the byte offset where reading stopped.
public enum JSONSyntaxError: Error, Equatable, CustomStringConvertible {
  /// The text ends before the value is complete (a truncated file).
  case unexpectedEnd(offset: Int)
  /// The byte at `offset` is not what the grammar allows there.
  case malformed(offset: Int, expected: String)
  /// Arrays and objects nest deeper than `limit` (`JSONScanner.maximumDepth`).
  case tooDeep(offset: Int, limit: Int)

  /// The byte offset where reading stopped.
  public var offset: Int {
    switch self {
    case .unexpectedEnd(let offset), .malformed(let offset, _), .tooDeep(let offset, _): offset
    }
  }

  public var description: String {
    switch self {
    case .unexpectedEnd(let offset): "the JSON ends early at byte \(offset) (truncated file?)"
    case .malformed(let offset, let expected):
      "malformed JSON at byte \(offset): expected \(expected)"
    case .tooDeep(let offset, let limit):
      "JSON nested deeper than \(limit) levels at byte \(offset)"
    }
  }
}
