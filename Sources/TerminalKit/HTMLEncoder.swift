/// Turns styled lines into HTML: a `<span>` with inline CSS per styled run, text escaped.
///
/// The HTML counterpart of `ANSIEncoder`, always at full colour: colours are written as
/// `#rrggbb`, so the file shows exactly the palette's colours. `file(title:pages:)` (in
/// `HTMLEncoder+File.swift`) wraps pages into one self-contained file.
public struct HTMLEncoder: Sendable {
  /// Creates an encoder.
  public init() {}

  /// `text` with `&`, `<`, `>`, `"` and `'` replaced by character references, safe in
  /// element content and in quoted attribute values.
  public static func escaped(_ text: String) -> String {
    var output = ""
    output.reserveCapacity(text.utf8.count)
    for character in text {
      switch character {
      case "&": output += "&amp;"
      case "<": output += "&lt;"
      case ">": output += "&gt;"
      case "\"": output += "&quot;"
      case "'": output += "&#39;"
      default: output.append(character)
      }
    }
    return output
  }

  /// The inline CSS for `style`, e.g. `color:#ffffff;background:#2166ac;font-weight:bold`;
  /// empty for the plain style. Reverse video swaps the colours, using the page's default
  /// colours (`--fg`, `--bg`) where a colour is the terminal default.
  public func css(for style: Style) -> String {
    var foreground = style.foreground.rgbValue.map(\.description)
    var background = style.background.rgbValue.map(\.description)
    if style.reverse {
      (foreground, background) = (background ?? "var(--bg)", foreground ?? "var(--fg)")
    }
    var rules: [String] = []
    if let foreground { rules.append("color:\(foreground)") }
    if let background { rules.append("background:\(background)") }
    if style.bold { rules.append("font-weight:bold") }
    if style.dim { rules.append("opacity:0.6") }
    if style.italic { rules.append("font-style:italic") }
    if style.underline { rules.append("text-decoration:underline") }
    return rules.joined(separator: ";")
  }

  /// One line without a line break: plain runs as escaped text, styled runs as spans.
  public func encode(_ line: StyledLine) -> String {
    var output = ""
    for span in line.spans where !span.text.isEmpty {
      let text = Self.escaped(span.text)
      let css = css(for: span.style)
      output += css.isEmpty ? text : "<span style=\"\(css)\">\(text)</span>"
    }
    return output
  }

  /// The lines joined with `\n`, without a trailing one: the content of a `<pre>`.
  public func encode(_ lines: [StyledLine]) -> String {
    lines.map { encode($0) }.joined(separator: "\n")
  }
}
