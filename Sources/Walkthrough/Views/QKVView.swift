import TerminalKit
import TinyGPT

/// `x · W_Q + b = Q`, and the same for K and V (x drawn once).
struct QKVView: WalkthroughView {
  /// Attention's input: the first LayerNorm's output, or the stream itself without LayerNorm.
  static func input(_ config: ModelConfig) -> HookPoint {
    config.normalizationType == nil ? .residPre : .ln1Out
  }

  func inputs(for config: ModelConfig) -> [ViewInput] {
    [.init(Self.input(config)), .init(.q), .init(.k), .init(.v)]
  }

  func blocks(_ inputs: ViewInputs, in context: PageContext) throws -> [Block] {
    let x = try inputs(Self.input(context.config))
    let d = context.config.dModel
    let r = context.reveal
    let rows = context.tokenLabels
    var blocks = [Draw.matrix(x.matrix, title: "x", rows: rows, highlightRow: r?.row)]
    for (i, (name, point)) in zip(["Q", "K", "V"], [HookPoint.q, .k, .v]).enumerated() {
      let value = try inputs(point)
      blocks.append(
        Draw.equation([
          Draw.op("x ·"), Draw.weights("W_\(name)", rows: d, cols: d), Draw.op("+ b ="),
          Draw.matrix(
            value.matrix, title: name, rows: rows, revealed: i == 0 ? r?.count : nil,
            legend: i == 0),
        ]))
    }
    blocks.append(
      Draw.note(
        "W_Q, W_K, W_V are the three thirds of \(context.weightName("attn.c_attn.weight")) [\(d) × \(3 * d)]"
      ))
    return blocks
  }

  func animation(config: ModelConfig, tokenCount: Int) -> ViewAnimation? {
    ViewAnimation(rows: tokenCount, columns: config.dModel)
  }
}
