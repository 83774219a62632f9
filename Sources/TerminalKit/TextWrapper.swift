/// Greedy word wrapping of styled text.
enum TextWrapper {
  /// One grapheme with its style.
  private struct Glyph {
    var character: Character
    var style: Style
    var width: Int
  }

  /// Wraps spans into lines of at most `width` columns, breaking at spaces; a word
  /// longer than the width is split across lines. Runs of spaces collapse to one.
  static func wrap(_ spans: [Span], width: Int) -> [StyledLine] {
    let width = max(1, width)
    var words: [[Glyph]] = []
    var separators: [Style] = []
    var current: [Glyph] = []
    var pendingSpace: Style?
    for span in spans {
      for character in span.text {
        if character == " " {
          if !current.isEmpty {
            words.append(current)
            current = []
            pendingSpace = span.style
          }
        } else {
          if current.isEmpty, !words.isEmpty { separators.append(pendingSpace ?? .plain) }
          current.append(
            Glyph(
              character: character, style: span.style,
              width: DisplayWidth.of(character)))
        }
      }
    }
    if !current.isEmpty { words.append(current) }
    guard !words.isEmpty else { return [StyledLine()] }

    var lines: [StyledLine] = []
    var line = StyledLine()
    var used = 0
    for (index, word) in words.enumerated() {
      let wordWidth = word.reduce(0) { $0 + $1.width }
      if used > 0 && used + 1 + wordWidth <= width {
        line.append(" ", style: separators[index - 1])
        used += 1
      } else if used > 0 {
        lines.append(line)
        line = StyledLine()
        used = 0
      }
      for glyph in word {
        if used + glyph.width > width && used > 0 {
          lines.append(line)
          line = StyledLine()
          used = 0
        }
        line.append(String(glyph.character), style: glyph.style)
        used += glyph.width
      }
    }
    lines.append(line)
    return lines
  }
}
