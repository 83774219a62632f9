import Foundation
import TerminalKit
import TinyGPT

/// Up-projection, activation function, down-projection, residual add.
struct MLPView: WalkthroughView {
  func inputs(for config: ModelConfig) -> [ViewInput] {
    [.init(.residMid), .init(.mlpPre), .init(.mlpPost), .init(.mlpOut), .init(.residPost)]
      + (config.normalizationType == nil ? [] : [.init(.ln2Out)])
  }

  static let weightIn = WeightInput.block("mlp.c_fc.weight")
  static let weightOut = WeightInput.block("mlp.c_proj.weight")
  static let biasIn = WeightInput.block("mlp.c_fc.bias")
  static let biasOut = WeightInput.block("mlp.c_proj.bias")

  func weights(for config: ModelConfig) -> [WeightInput] {
    [Self.weightIn, Self.weightOut, Self.biasIn, Self.biasOut]
  }

  /// With the weights: every row of the MLP's input put through the MLP on its own (in Double)
  /// against the recorded output: the MLP needs no other token's row.
  func perPositionCheck(_ inputs: ViewInputs, _ config: ModelConfig) throws -> [Block] {
    let x = try inputs(config.normalizationType == nil ? .residMid : .ln2Out)
    guard let wIn = try inputs.weight(Self.weightIn), let wOut = try inputs.weight(Self.weightOut),
      let bIn = try inputs.weight(Self.biasIn), let bOut = try inputs.weight(Self.biasOut)
    else { return [] }
    let out = try inputs(.mlpOut).matrix  // [pos, d_model]
    let (rows, d, m) = (out.rows, config.dModel, config.dMLP)
    var worst = 0.0
    for p in 0..<rows {
      let row = x.matrix.row(p)  // [d_model]: this position only
      let post = (0..<m).map { j -> Double in  // [d_mlp]
        let pre = (0..<d).reduce(Double(bIn.data[j])) { $0 + Double(row[$1]) * Double(wIn[$1, j]) }
        return Double(config.actFn(Float(pre)))
      }
      for c in 0..<d {
        let value = (0..<m).reduce(Double(bOut.data[c])) { $0 + post[$1] * Double(wOut[$1, c]) }
        worst = max(worst, abs(value - Double(out[p, c])))
      }
    }
    return [
      .text(
        "each position on its own: row p of \(x.name) alone, through W_in, \(config.actFn.rawValue) "
          + "and W_out, gives row p of hook_mlp_out (max |difference| \(scientific(worst)) over all "
          + "\(rows) rows): no other token's row is needed")
    ]
  }

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
    ] + (try perPositionCheck(inputs, config))
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
