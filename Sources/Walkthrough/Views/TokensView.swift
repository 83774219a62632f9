import TerminalKit
import TinyGPT

/// The prompt, its tokens and their ids.
struct TokensView: WalkthroughView {
  func inputs(for config: ModelConfig) -> [ViewInput] { [] }

  func blocks(_ inputs: ViewInputs, in context: PageContext) throws -> [Block] {
    let pass = context.pass
    var lines: [StyledLine] = []
    // The cropping comes first: a long prompt's excerpt would otherwise hide it.
    if pass.croppedTokenCount > 0 {
      lines.append(
        StyledLine(
          "(the first \(pass.croppedTokenCount) tokens were cropped: the model sees at most n_ctx = \(context.config.nCtx))",
          style: .dim))
    }
    lines.append(StyledLine([Span("prompt  ", style: .dim)] + Self.excerpt(context.trace.prompt)))
    lines.append(StyledLine())
    let header = ["position", "token", "id"]
    var rows = pass.tokens.enumerated().map {
      ["\($0.offset)", "\"\($0.element.text)\"", "\($0.element.id)"]
    }
    if rows.count > Self.maxRows {
      let hidden = rows.count - Self.maxRows
      let half = Self.maxRows / 2
      rows = rows.prefix(half) + [["…", "\(hidden) more", ""]] + rows.suffix(Self.maxRows - half)
    }
    let widths = (0..<3).map { c in
      ([header[c]] + rows.map { $0[c] }).map { DisplayWidth.of($0) }.max() ?? 0
    }
    func line(_ cells: [String], style: Style) -> StyledLine {
      StyledLine(
        cells.enumerated().map { c, text in
          let pad = String(repeating: " ", count: widths[c] - DisplayWidth.of(text))
          return c == 1 ? text + pad : pad + text
        }.joined(separator: "   "), style: style)
    }
    lines.append(line(header, style: .dim))
    lines += rows.map { line($0, style: .plain) }
    return [.lines(lines)]
  }

  func animation(config: ModelConfig, tokenCount: Int) -> ViewAnimation? { nil }

  /// The most token rows the table shows (the first and last halves; a row counts the rest).
  static let maxRows = 16
  /// The prompt in quotes; a long one as its start and end with the count of characters left out.
  static func excerpt(_ prompt: String) -> [Span] {
    guard let (start, hidden, end) = promptExcerpt(prompt) else {
      return [Span("\"\(prompt)\"", style: .bold)]
    }
    return [
      Span("\"\(start)", style: .bold), Span(" … \(hidden) more characters … ", style: .dim),
      Span("\(end)\"", style: .bold),
    ]
  }
}
