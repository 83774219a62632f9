import TerminalKit
import TinyGPT

/// Each pass of a generation: what it chose, then what it saw (the chosen token comes first so
/// that a narrow screen, which crops long lines, still shows it).
struct GenerationView: WalkthroughView {
  /// The display columns of what a pass saw that its line shows (the end; `…` marks a cut),
  /// so that a line fits 80 columns with a chosen token of a dozen characters.
  static let afterWidth = 40

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
      // The end of what the pass saw, where the tokens of earlier passes are; `…` marks a cut.
      var room = Self.afterWidth
      if p.croppedTokenCount > 0 {
        let note = "(\(p.croppedTokenCount) cropped) "
        spans.append(Span(note, style: .dim))
        room -= DisplayWidth.of(note)
      }
      let seen = trace.tailText(p.tokens.map(\.text), width: room, cut: p.croppedTokenCount > 0)
      if seen.hasPrefix("… ") {
        spans += [Span("… ", style: .dim), Span(String(seen.dropFirst(2)))]
      } else {
        spans.append(Span(seen))
      }
      lines.append(StyledLine(spans))
    }
    // The same detokenizer as `tracer generate` (punctuation joined to its word).
    let ids = (trace.passes.first?.tokens.map(\.id) ?? []) + trace.passes.map(\.chosen.id)
    return [
      .lines(lines), .blank,
      .paragraph([
        Span("text so far: ", style: .dim), Span(trace.tokenizer.decode(ids), style: .bold),
      ]),
    ]
  }

  func animation(config: ModelConfig, tokenCount: Int) -> ViewAnimation? { nil }
}
