import TerminalKit
import TinyGPT

/// Q, K and V of the current head: their columns of width d_head.
struct HeadsView: WalkthroughView {
  func inputs(for config: ModelConfig) -> [ViewInput] { [.init(.q), .init(.k), .init(.v)] }

  func blocks(_ inputs: ViewInputs, in context: PageContext) throws -> [Block] {
    let config = context.config
    let head = context.head
    let cols = context.headColumns
    let columnLabels = cols.map(String.init)
    let parts = try zip(["Q", "K", "V"], [HookPoint.q, .k, .v]).map { name, point in
      Draw.matrix(
        try inputs(point).head(head), title: "\(name)_\(head)", rows: context.tokenLabels,
        columns: columnLabels, marks: context.headMarks(point))
    }
    return [
      Draw.note(
        "head \(head) of \(config.nHeads): columns \(cols.lowerBound)–\(cols.upperBound - 1) of \(config.dModel)"
      ),
      Draw.equation(parts),
    ]
  }

  func animation(config: ModelConfig, tokenCount: Int) -> ViewAnimation? { nil }

  func inspectable(_ context: PageContext) -> [InspectableMatrix] {
    let (head, d) = (context.head, context.config.dHead)
    return zip(["Q", "K", "V"], [HookPoint.q, .k, .v]).map {
      context.inspectableHead($1, title: "\($0)_\(head)", width: d)
    }
  }
}
