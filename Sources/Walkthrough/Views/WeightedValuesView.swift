import TerminalKit
import TinyGPT

/// `pattern_h · V_h = z_h` for the current head.
struct WeightedValuesView: WalkthroughView {
  func inputs(for config: ModelConfig) -> [ViewInput] { [.init(.pattern), .init(.v), .init(.z)] }

  func blocks(_ inputs: ViewInputs, in context: PageContext) throws -> [Block] {
    let (head, tokens) = (context.head, context.tokenLabels)
    let r = context.reveal
    return [
      Draw.equation([
        Draw.matrix(
          try inputs(.pattern).slice(head), title: "pattern", rows: tokens, columns: tokens,
          probabilities: true, highlightRow: r?.row),
        Draw.op("·"),
        Draw.matrix(
          try inputs(.v).head(head), title: "V_\(head)", rows: tokens, highlightColumn: r?.column),
        Draw.op("="),
        Draw.matrix(
          try inputs(.z).head(head), title: "z_\(head)", rows: tokens, revealed: r?.count,
          legend: true),
      ])
    ]
  }

  func animation(config: ModelConfig, tokenCount: Int) -> ViewAnimation? {
    ViewAnimation(rows: tokenCount, columns: config.dHead)
  }
}
