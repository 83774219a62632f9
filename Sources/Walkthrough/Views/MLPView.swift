import TerminalKit
import TinyGPT

/// Up-projection, activation function, down-projection, residual add.
struct MLPView: WalkthroughView {
  func inputs(for config: ModelConfig) -> [ViewInput] {
    [.init(.residMid), .init(.mlpPre), .init(.mlpPost), .init(.mlpOut), .init(.residPost)]
  }

  static let weightIn = WeightInput.block("mlp.c_fc.weight")
  static let weightOut = WeightInput.block("mlp.c_proj.weight")

  func weights(for config: ModelConfig) -> [WeightInput] { [Self.weightIn, Self.weightOut] }

  func blocks(_ inputs: ViewInputs, in context: PageContext) throws -> [Block] {
    let (config, tokens) = (context.config, context.tokenLabels)
    let x = try inputs(.residMid)
    let out = try inputs(.mlpOut)
    let (d, m) = (config.dModel, config.dMLP)
    let input = config.normalizationType == nil ? "x" : "LayerNorm(x)"
    let r = context.reveal
    let (nameIn, nameOut) = (
      context.weightName("mlp.c_fc.weight"), context.weightName("mlp.c_proj.weight")
    )
    return [
      Draw.equation([
        Draw.matrix(
          x.matrix, title: "x (residual)", rows: tokens, highlightRow: r?.row,
          marks: context.marks(.residMid)),
        Draw.op("→ \(input) ·"),
        Draw.weights(
          "W_in", rows: d, cols: m, values: try inputs.weight(Self.weightIn),
          marks: context.marks(MatrixSource(nameIn))),
        Draw.op("+ b ="),
        Draw.matrix(
          try inputs(.mlpPre).matrix, title: "pre-activation", rows: tokens, revealed: r?.count,
          legend: true, marks: context.marks(.mlpPre)),
      ]),
      Draw.equation([
        Draw.op("\(config.actFn.rawValue)( pre ) ="),
        Draw.matrix(
          try inputs(.mlpPost).matrix, title: "post-activation", rows: tokens,
          marks: context.marks(.mlpPost)),
        Draw.op("·"),
        Draw.weights(
          "W_out", rows: m, cols: d, values: try inputs.weight(Self.weightOut),
          marks: context.marks(MatrixSource(nameOut))),
        Draw.op("+ b ="),
        Draw.matrix(out.matrix, title: "MLP output", rows: tokens, marks: context.marks(.mlpOut)),
      ]),
      Draw.equation([
        Draw.matrix(
          x.matrix, title: "residual stream", rows: tokens, marks: context.marks(.residMid)),
        Draw.op("+"),
        Draw.matrix(out.matrix, title: "MLP output", rows: tokens, marks: context.marks(.mlpOut)),
        Draw.op("="),
        Draw.matrix(
          try inputs(.residPost).matrix, title: "new residual stream", rows: tokens,
          marks: context.marks(.residPost)),
      ]),
    ]
  }

  func animation(config: ModelConfig, tokenCount: Int) -> ViewAnimation? {
    ViewAnimation(rows: tokenCount, columns: config.dMLP)
  }

  func inspectable(_ context: PageContext) -> [InspectableMatrix] {
    [
      context.inspectable(.mlpPre, title: "pre-activation"),
      context.inspectable(.mlpPost, title: "post-activation"),
      context.inspectable(.mlpOut, title: "MLP output"),
      context.inspectable(.residPost, title: "new residual stream"),
    ]
  }
}
