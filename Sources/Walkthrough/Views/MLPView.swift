import TerminalKit
import TinyGPT

/// Up-projection, activation function, down-projection, residual add.
struct MLPView: WalkthroughView {
  func inputs(for config: ModelConfig) -> [ViewInput] {
    [.init(.residMid), .init(.mlpPre), .init(.mlpPost), .init(.mlpOut), .init(.residPost)]
  }

  func blocks(_ inputs: ViewInputs, in context: PageContext) throws -> [Block] {
    let (config, tokens) = (context.config, context.tokenLabels)
    let x = try inputs(.residMid)
    let out = try inputs(.mlpOut)
    let (d, m) = (config.dModel, config.dMLP)
    let input = config.normalizationType == nil ? "x" : "LayerNorm(x)"
    let r = context.reveal
    return [
      Draw.equation([
        Draw.matrix(x.matrix, title: "x (residual)", rows: tokens, highlightRow: r?.row),
        Draw.op("→ \(input) ·"), Draw.weights("W_in", rows: d, cols: m), Draw.op("+ b ="),
        Draw.matrix(
          try inputs(.mlpPre).matrix, title: "pre-activation", rows: tokens, revealed: r?.count,
          legend: true),
      ]),
      Draw.equation([
        Draw.op("\(config.actFn.rawValue)( pre ) ="),
        Draw.matrix(try inputs(.mlpPost).matrix, title: "post-activation", rows: tokens),
        Draw.op("·"), Draw.weights("W_out", rows: m, cols: d), Draw.op("+ b ="),
        Draw.matrix(out.matrix, title: "MLP output", rows: tokens),
      ]),
      Draw.equation([
        Draw.matrix(x.matrix, title: "residual stream", rows: tokens), Draw.op("+"),
        Draw.matrix(out.matrix, title: "MLP output", rows: tokens), Draw.op("="),
        Draw.matrix(try inputs(.residPost).matrix, title: "new residual stream", rows: tokens),
      ]),
    ]
  }

  func animation(config: ModelConfig, tokenCount: Int) -> ViewAnimation? {
    ViewAnimation(rows: tokenCount, columns: config.dMLP)
  }
}
