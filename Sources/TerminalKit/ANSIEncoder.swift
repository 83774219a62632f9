/// Turns styled lines into terminal text with ANSI SGR escape sequences.
///
/// Every line is self-contained: a style opened on a line is reset (`ESC[0m`) before
/// the line ends, so no style leaks into the next line or into later output. At
/// `ColorLevel.none` the output is plain text with no escape bytes at all.
public struct ANSIEncoder: Sendable {
  /// The colour level to encode for.
  public let level: ColorLevel

  /// Creates an encoder for a colour level.
  public init(level: ColorLevel) {
    self.level = level
  }

  /// The lines joined with `\n`, with a trailing `\n` after the last line.
  public func encode(_ lines: [StyledLine]) -> String {
    var output = ""
    for line in lines {
      output += encode(line)
      output += "\n"
    }
    return output
  }

  /// One line without a line break.
  public func encode(_ line: StyledLine) -> String {
    guard level != .none else { return line.plainText }
    var output = ""
    var open: Style = .plain
    for span in line.spans where !span.text.isEmpty {
      if span.style != open {
        output += span.style.isPlain ? "\u{1B}[0m" : sgr(for: span.style)
        open = span.style
      }
      output += span.text
    }
    if !open.isPlain { output += "\u{1B}[0m" }
    return output
  }

  /// The SGR sequence that resets and then sets `style`, e.g. `ESC[0;1;38;5;196m`.
  public func sgr(for style: Style) -> String {
    var codes = ["0"]
    if style.bold { codes.append("1") }
    if style.dim { codes.append("2") }
    if style.italic { codes.append("3") }
    if style.underline { codes.append("4") }
    if style.reverse { codes.append("7") }
    if let rgb = style.foreground.rgbValue { codes.append(colorCode(rgb, background: false)) }
    if let rgb = style.background.rgbValue { codes.append(colorCode(rgb, background: true)) }
    return "\u{1B}[" + codes.joined(separator: ";") + "m"
  }

  private func colorCode(_ rgb: RGB, background: Bool) -> String {
    switch level {
    case .none:
      return ""
    case .trueColor:
      return "\(background ? 48 : 38);2;\(rgb.red);\(rgb.green);\(rgb.blue)"
    case .ansi256:
      return "\(background ? 48 : 38);5;\(rgb.nearestXterm256)"
    case .ansi16:
      let index = Int(rgb.nearestANSI16)
      let base = background ? (index < 8 ? 40 : 92) : (index < 8 ? 30 : 82)
      return String(base + index)
    }
  }
}
