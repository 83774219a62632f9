import TerminalKit
import TinyGPT

/// `x · W_Q + b = Q`, and the same for K and V (x drawn once).
struct QKVView: WalkthroughView {
  /// Attention's input: the first LayerNorm's output, or the stream itself without LayerNorm.
  static func input(_ config: ModelConfig) -> HookPoint {
    config.normalizationType == nil ? .residPre : .ln1Out
  }

  static let weight = WeightInput.block("attn.c_attn.weight")

  func inputs(for config: ModelConfig) -> [ViewInput] {
    [.init(Self.input(config)), .init(.q), .init(.k), .init(.v)]
  }

  func weights(for config: ModelConfig) -> [WeightInput] { [Self.weight] }

  func blocks(_ inputs: ViewInputs, in context: PageContext) throws -> [Block] {
    let point = Self.input(context.config)
    let x = try inputs(point)
    let d = context.config.dModel
    let r = context.reveal
    let rows = context.tokenLabels
    let weight = try inputs.weight(Self.weight)  // [d_model, 3·d_model]: Q | K | V
    let weightName = context.weightName("attn.c_attn.weight")
    var blocks = [
      Draw.matrix(
        x.matrix, title: "x", rows: rows, highlightRow: r?.row, marks: context.marks(point))
    ]
    for (i, (name, point)) in zip(["Q", "K", "V"], [HookPoint.q, .k, .v]).enumerated() {
      let value = try inputs(point)
      let columns = (i * d)..<((i + 1) * d)
      blocks.append(
        Draw.equation([
          Draw.op("x ·"),
          Draw.weights(
            "W_\(name)", rows: d, cols: d, values: weight?.columns(columns),
            marks: context.marks(MatrixSource(weightName, columnOffset: columns.lowerBound))),
          Draw.op("+ b ="),
          Draw.matrix(
            value.matrix, title: name, rows: rows, revealed: i == 0 ? r?.count : nil,
            legend: i == 0, marks: context.marks(point)),
        ]))
    }
    blocks.append(
      Draw.note("W_Q, W_K, W_V are the three thirds of \(weightName) [\(d) × \(3 * d)]"))
    return blocks
  }

  func animation(config: ModelConfig, tokenCount: Int) -> ViewAnimation? {
    ViewAnimation(rows: tokenCount, columns: config.dModel)
  }

  func inspectable(_ context: PageContext) -> [InspectableMatrix] {
    zip(["Q", "K", "V"], [HookPoint.q, .k, .v]).map { context.inspectable($1, title: $0) }
  }
}
