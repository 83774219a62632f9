import TerminalKit
import TinyGPT

/// Each pass of a generation: what it chose, then what it saw (the chosen token comes first so
/// that a narrow screen, which crops long lines, still shows it).
struct GenerationView: WalkthroughView {
  func inputs(for config: ModelConfig) -> [ViewInput] { [] }

  func blocks(_ inputs: ViewInputs, in context: PageContext) throws -> [Block] {
    let trace = context.trace
    var lines: [StyledLine] = []
    let chosenWidth = trace.passes.map { DisplayWidth.of($0.chosen.text) }.max() ?? 0
    for (i, p) in trace.passes.enumerated() {
      let label = "pass \(i + 1)"
      var spans = [
        Span(label + String(repeating: " ", count: max(1, 8 - label.count)), style: .dim)
      ]
      let pad = String(repeating: " ", count: chosenWidth - DisplayWidth.of(p.chosen.text))
      spans.append(Span("→ ", style: .dim))
      spans.append(Span(p.chosen.text + pad, style: .bold))
      let probability = p.candidates.first { $0.id == p.chosen.id }?.probability
      spans.append(
        Span(probability.map { "  " + NumberText.fixed($0, decimals: 2) } ?? "      ", style: .dim))
      spans.append(Span("  after: ", style: .dim))
      if p.croppedTokenCount > 0 {
        spans.append(Span("(\(p.croppedTokenCount) cropped) … ", style: .dim))
      }
      spans.append(Span(p.tokens.map(\.text).joined(separator: " ")))
      lines.append(StyledLine(spans))
    }
    let text = (trace.passes.first?.tokens.map(\.text) ?? []) + trace.passes.map(\.chosen.text)
    return [
      .lines(lines), .blank,
      .paragraph([
        Span("text so far: ", style: .dim), Span(text.joined(separator: " "), style: .bold),
      ]),
    ]
  }

  func animation(config: ModelConfig, tokenCount: Int) -> ViewAnimation? { nil }
}
