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
          probabilities: true, highlightRow: r?.row, marks: context.headMarks(.pattern)),
        Draw.op("·"),
        Draw.matrix(
          try inputs(.v).head(head), title: "V_\(head)", rows: tokens, highlightColumn: r?.column,
          marks: context.headMarks(.v)),
        Draw.op("="),
        Draw.matrix(
          try inputs(.z).head(head), title: "z_\(head)", rows: tokens, revealed: r?.count,
          legend: true, marks: context.headMarks(.z)),
      ])
    ]
  }

  func animation(config: ModelConfig, tokenCount: Int) -> ViewAnimation? {
    ViewAnimation(rows: tokenCount, columns: config.dHead)
  }

  func inspectable(_ context: PageContext) -> [InspectableMatrix] {
    let (head, d) = (context.head, context.config.dHead)
    return [
      context.inspectableHead(.z, title: "z_\(head)", width: d),
      context.inspectableSlice(.pattern, title: "pattern"),
      context.inspectableHead(.v, title: "V_\(head)", width: d),
    ]
  }
}
