import TerminalKit
import TinyGPT

/// `Q_h · K_hᵀ / √d_head = scores` for the current head, before the mask.
struct ScoresView: WalkthroughView {
  func inputs(for config: ModelConfig) -> [ViewInput] {
    [.init(.q), .init(.k), .init(.attnScoresUnmasked)]
  }

  func blocks(_ inputs: ViewInputs, in context: PageContext) throws -> [Block] {
    let (config, head, tokens) = (context.config, context.head, context.tokenLabels)
    let r = context.reveal
    return [
      Draw.equation([
        Draw.matrix(
          try inputs(.q).head(head), title: "Q_\(head)", rows: tokens, highlightRow: r?.row,
          marks: context.headMarks(.q)),
        Draw.op("·"),
        Draw.matrix(
          try inputs(.k).head(head).transposed(), title: "K_\(head)ᵀ",
          rows: (0..<config.dHead).map(String.init), columns: tokens, highlightColumn: r?.column,
          marks: context.headMarks(.k, transposed: true)),
        Draw.op("/ √\(config.dHead) ="),
        Draw.matrix(
          try inputs(.attnScoresUnmasked).slice(head), title: "scores (head \(head))",
          rows: tokens, columns: tokens, revealed: r?.count, legend: true,
          marks: context.headMarks(.attnScoresUnmasked)),
      ])
    ]
  }

  func animation(config: ModelConfig, tokenCount: Int) -> ViewAnimation? {
    ViewAnimation(rows: tokenCount, columns: tokenCount)  // [query_pos, key_pos]
  }

  func inspectable(_ context: PageContext) -> [InspectableMatrix] {
    let (head, d) = (context.head, context.config.dHead)
    return [
      context.inspectableSlice(.attnScoresUnmasked, title: "scores (head \(head))"),
      context.inspectableHead(.q, title: "Q_\(head)", width: d),
      context.inspectableHead(.k, title: "K_\(head)ᵀ", width: d, transposed: true),
    ]
  }
}
