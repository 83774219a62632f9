import TerminalKit
import TinyGPT

/// The first LayerNorm of the current block: input, per-row mean and scale, normalized rows,
/// output after the learned weight and bias.
struct LayerNormView: WalkthroughView {
  func inputs(for config: ModelConfig) -> [ViewInput] {
    [.init(.residPre), .init(.ln1Scale), .init(.ln1Normalized), .init(.ln1Out)]
  }

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
    return [
      Draw.equation([
        Draw.matrix(x.matrix, title: "x (residual)", rows: rows), Draw.op("→"), scaleColumn,
      ]),
      Draw.equation([
        Draw.matrix(
          normalized.matrix, title: "(x − mean) / scale", rows: rows, highlightRow: r?.row,
          highlightColumn: r?.column),
        Draw.op("× w + b ="),
        Draw.matrix(
          out.matrix, title: "LayerNorm output", rows: rows, revealed: r?.count, legend: true),
      ]),
    ]
  }

  func animation(config: ModelConfig, tokenCount: Int) -> ViewAnimation? {
    ViewAnimation(rows: tokenCount, columns: config.dModel)
  }
}
