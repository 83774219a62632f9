import TerminalKit
import TinyGPT

/// The first LayerNorm of the current block: input, per-row mean and scale, normalized rows,
/// output after the learned weight and bias.
struct LayerNormView: WalkthroughView {
  func inputs(for config: ModelConfig) -> [ViewInput] {
    [.init(.residPre), .init(.ln1Scale), .init(.ln1Normalized), .init(.ln1Out)]
  }

  static let weight = WeightInput.block("ln_1.weight")
  static let bias = WeightInput.block("ln_1.bias")

  func weights(for config: ModelConfig) -> [WeightInput] { [Self.weight, Self.bias] }

  func blocks(_ inputs: ViewInputs, in context: PageContext) throws -> [Block] {
    let x = try inputs(.residPre)
    let scale = try inputs(.ln1Scale)
    let normalized = try inputs(.ln1Normalized)
    let out = try inputs(.ln1Out)
    let rows = context.tokenLabels
    let r = context.reveal
    // The mean is not a hook; it is computed here from the recorded input rows.
    let xm = x.matrix
    var stats = Matrix(rows: xm.rows, cols: 2)  // [pos, 2]: mean, scale
    for p in 0..<xm.rows {
      stats[p, 0] = xm.row(p).reduce(0, +) / Float(xm.cols)
      stats[p, 1] = scale.data[p]
    }
    let scaleColumn = Draw.matrix(stats, title: "per row", rows: rows, columns: ["mean", "scale"])
    var learned = [Draw.op("× w + b =")]
    if let w = try inputs.weight(Self.weight), let b = try inputs.weight(Self.bias) {
      learned = [
        Draw.op("×"), Draw.matrix(w, title: "w (ln_1.weight)", rows: ["w"]), Draw.op("+"),
        Draw.matrix(b, title: "b (ln_1.bias)", rows: ["b"]), Draw.op("="),
      ]
    }
    return [
      Draw.equation([
        Draw.matrix(x.matrix, title: "x (residual)", rows: rows, marks: context.marks(.residPre)),
        Draw.op("→"), scaleColumn,
      ]),
      Draw.equation(
        [
          Draw.matrix(
            normalized.matrix, title: "(x − mean) / scale", rows: rows, highlightRow: r?.row,
            highlightColumn: r?.column, marks: context.marks(.ln1Normalized))
        ] + learned + [
          Draw.matrix(
            out.matrix, title: "LayerNorm output", rows: rows, revealed: r?.count, legend: true,
            marks: context.marks(.ln1Out))
        ]),
    ]
  }

  func animation(config: ModelConfig, tokenCount: Int) -> ViewAnimation? {
    ViewAnimation(rows: tokenCount, columns: config.dModel)
  }

  func inspectable(_ context: PageContext) -> [InspectableMatrix] {
    [
      context.inspectable(.ln1Out, title: "LayerNorm output"),
      context.inspectable(.ln1Normalized, title: "(x − mean) / scale"),
      context.inspectable(.residPre, title: "x (residual)"),
    ]
  }
}
