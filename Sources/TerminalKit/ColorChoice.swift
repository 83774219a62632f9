/// The user's colour preference, as given by a `--color` option.
public enum ColorChoice: String, CaseIterable, Sendable {
  /// Colour when writing to a terminal that supports it (`ColorLevel.detect`).
  case auto
  /// Colour even when not writing to a terminal and even when `NO_COLOR` is set: the
  /// terminal rules of `ColorLevel.detect` decide the level, and it is never below `.ansi16`.
  case always
  /// Never colour: `.none`.
  case never

  /// Parses `auto`, `always` or `never` (case-insensitive, surrounding spaces ignored).
  public init(parsing text: String) throws(ColorChoiceError) {
    let key = text.trimmingSpaces().lowercased()
    guard let choice = ColorChoice(rawValue: key) else { throw ColorChoiceError(text: text) }
    self = choice
  }

  /// The colour level this choice gives for an environment and output.
  public func resolve(environment: [String: String], isTerminal: Bool) -> ColorLevel {
    switch self {
    case .never:
      return .none
    case .auto:
      return ColorLevel.detect(environment: environment, isTerminal: isTerminal)
    case .always:
      return max(.ansi16, ColorLevel.detectTerminal(environment: environment))
    }
  }
}

/// A colour choice that is not `auto`, `always` or `never`.
public struct ColorChoiceError: Error, Equatable, CustomStringConvertible {
  /// The text that failed to parse.
  public let text: String

  /// A one-line explanation.
  public var description: String {
    "invalid colour choice '\(text)' (expected auto, always or never)"
  }
}

extension String {
  fileprivate func trimmingSpaces() -> String {
    var scalars = Substring(self)
    while let first = scalars.first, first.isWhitespace { scalars.removeFirst() }
    while let last = scalars.last, last.isWhitespace { scalars.removeLast() }
    return String(scalars)
  }
}
