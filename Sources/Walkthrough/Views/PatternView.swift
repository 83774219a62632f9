import TerminalKit
import TinyGPT

/// Softmax of the current head's masked scores, and which earlier token each token attends
/// to most.
struct PatternView: WalkthroughView {
  func inputs(for config: ModelConfig) -> [ViewInput] { [.init(.attnScores), .init(.pattern)] }

  func blocks(_ inputs: ViewInputs, in context: PageContext) throws -> [Block] {
    let (head, tokens) = (context.head, context.tokenLabels)
    let p = try inputs(.pattern).slice(head)
    let r = context.reveal
    var lines: [StyledLine] = []
    for i in 0..<p.rows {
      let row = p.row(i)
      guard let best = row.indices.max(by: { row[$0] < row[$1] }) else { continue }
      lines.append(
        StyledLine([
          Span("\"\(tokens[i])\"", style: .bold), Span(" attends most to "),
          Span("\"\(tokens[best])\"", style: .bold),
          Span(" (\(NumberText.fixed(row[best], decimals: 2)))", style: .dim),
        ]))
    }
    return [
      Draw.equation([
        Draw.matrix(
          try inputs(.attnScores).slice(head), title: "masked scores", rows: tokens,
          columns: tokens, maskGlyph: "-∞", highlightRow: r?.row,
          marks: context.headMarks(.attnScores)),
        Draw.op("→ softmax →"),
        Draw.matrix(
          p, title: "pattern (head \(head))", rows: tokens, columns: tokens, probabilities: true,
          revealed: r?.count, legend: true, marks: context.headMarks(.pattern)),
      ]),
      .lines(lines),
    ]
  }

  func animation(config: ModelConfig, tokenCount: Int) -> ViewAnimation? {
    ViewAnimation(rows: tokenCount, columns: tokenCount)  // [query_pos, key_pos]
  }

  func inspectable(_ context: PageContext) -> [InspectableMatrix] {
    [
      context.inspectableSlice(.pattern, title: "pattern (head \(context.head))"),
      context.inspectableSlice(.attnScores, title: "masked scores"),
    ]
  }
}
