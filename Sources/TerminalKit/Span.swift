/// A run of text drawn in one style.
///
/// Control characters are replaced when a span is created, so a span never carries
/// escape bytes or line breaks: tab, line feed and carriage return become spaces and
/// every other control character becomes U+FFFD.
public struct Span: Hashable, Sendable {
  /// The text, free of control characters.
  public let text: String
  /// How the text looks.
  public var style: Style

  /// Creates a span, sanitising control characters out of `text`.
  public init(_ text: String, style: Style = .plain) {
    self.text = Span.sanitized(text)
    self.style = style
  }

  /// Creates a span from text already known to hold no control characters.
  init(sanitizedText text: String, style: Style) {
    self.text = text
    self.style = style
  }

  /// The number of terminal columns the text occupies.
  public var width: Int { DisplayWidth.of(text) }

  static func sanitized(_ text: String) -> String {
    let needsWork = text.unicodeScalars.contains { DisplayWidth.isControl($0) }
    guard needsWork else { return text }
    var result = String.UnicodeScalarView()
    for scalar in text.unicodeScalars {
      if scalar == "\t" || scalar == "\n" || scalar == "\r" {
        result.append(" ")
      } else if DisplayWidth.isControl(scalar) {
        result.append("\u{FFFD}")
      } else {
        result.append(scalar)
      }
    }
    return String(result)
  }
}
