/// One line of terminal output: styled spans laid end to end, never containing a line break.
public struct StyledLine: Hashable, Sendable {
  /// The spans, left to right.
  public var spans: [Span]

  /// Creates a line from spans.
  public init(_ spans: [Span] = []) {
    self.spans = spans
  }

  /// Creates a line holding one span of `text` in `style`.
  public init(_ text: String, style: Style = .plain) {
    self.spans = text.isEmpty ? [] : [Span(text, style: style)]
  }

  /// The number of terminal columns the line occupies.
  public var width: Int { spans.reduce(0) { $0 + $1.width } }

  /// The text without styles.
  public var plainText: String { spans.map(\.text).joined() }

  /// Appends a span.
  public mutating func append(_ span: Span) {
    guard !span.text.isEmpty else { return }
    if let last = spans.last, last.style == span.style {
      spans[spans.count - 1] = Span(sanitizedText: last.text + span.text, style: last.style)
    } else {
      spans.append(span)
    }
  }

  /// Appends `text` in `style`.
  public mutating func append(_ text: String, style: Style = .plain) {
    append(Span(text, style: style))
  }

  /// Appends every span of another line.
  public mutating func append(contentsOf line: StyledLine) {
    for span in line.spans { append(span) }
  }

  /// Appends `count` plain spaces (nothing when `count <= 0`).
  public mutating func appendSpaces(_ count: Int, style: Style = .plain) {
    if count > 0 { append(String(repeating: " ", count: count), style: style) }
  }

  /// The line cut to at most `width` columns; a wide character that would straddle the
  /// edge is dropped rather than split.
  public func cropped(to width: Int) -> StyledLine {
    guard self.width > width else { return self }
    var result = StyledLine()
    var used = 0
    for span in spans {
      let spanWidth = span.width
      if used + spanWidth <= width {
        result.append(span)
        used += spanWidth
        continue
      }
      var text = ""
      for character in span.text {
        let w = DisplayWidth.of(character)
        if used + w > width { break }
        text.append(character)
        used += w
      }
      result.append(Span(text, style: span.style))
      break
    }
    return result
  }

  /// The line padded with plain spaces on the right to exactly `width` columns
  /// (unchanged when already at least that wide).
  public func padded(to width: Int, style: Style = .plain) -> StyledLine {
    var result = self
    result.appendSpaces(width - self.width, style: style)
    return result
  }
}
