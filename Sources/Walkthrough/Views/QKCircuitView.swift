import TerminalKit
import TinyGPT

/// The QK circuit of the reader's head: `W_QK = W_Q,h · W_K,hᵀ / √d_head` from the weights, its
/// singular values (rank d_head), and the check that `x · W_QK · xᵀ` plus the query/key bias
/// terms gives the recorded unmasked scores.
struct QKCircuitView: WalkthroughView {
  func inputs(for config: ModelConfig) -> [ViewInput] {
    [.init(QKVView.input(config)), .init(.attnScoresUnmasked)]
  }

  func weights(for config: ModelConfig) -> [WeightInput] { HeadWeights.inputs }

  func blocks(_ inputs: ViewInputs, in context: PageContext) throws -> [Block] {
    let (config, head) = (context.config, context.head)
    let w = try HeadWeights(inputs, config: config, head: head)
    let (d, dh) = (config.dModel, config.dHead)
    let scale = 1 / Double(dh).squareRoot()
    let circuit = CircuitMatrix(
      name: "W_QK", left: w.wQ.map { $0 * scale }, right: w.wK, rows: d, cols: d, inner: dh)
    let point = QKVView.input(config)
    let x = try inputs(point).matrix.data.map(Double.init)  // [pos, d_model]
    let n = context.tokenLabels.count
    // x · W_QK · xᵀ  [pos, pos]
    let xw = HeadWeights.product(x, circuit.data, inner: d, cols: d)  // [pos, d_model]
    let bilinear = HeadWeights.product(xw, transpose(x, rows: n, cols: d), inner: d, cols: n)
    // Bias terms: (x W_Q,h · b_Kᵀ + b_Q · (x W_K,h)ᵀ + b_Q · b_Kᵀ) / √d_head  [pos, pos]
    let q = HeadWeights.product(x, w.wQ, inner: d, cols: dh)  // [pos, d_head]
    let k = HeadWeights.product(x, w.wK, inner: d, cols: dh)  // [pos, d_head]
    let bb = zip(w.bQ, w.bK).reduce(0) { $0 + $1.0 * $1.1 }
    var biasTerms = [Double](repeating: 0, count: n * n)
    for i in 0..<n {
      for j in 0..<n {
        var t = bb
        for c in 0..<dh { t += q[i * dh + c] * w.bK[c] + w.bQ[c] * k[j * dh + c] }
        biasTerms[i * n + j] = t * scale
      }
    }
    let recorded = try inputs(.attnScoresUnmasked).slice(head).data.map(Double.init)
    let sum = zip(bilinear, biasTerms).map { $0 + $1 }
    let layer = context.layer
    return [
      Draw.note(
        "W_QK = W_Q,h · W_K,hᵀ / √d_head for layer \(layer), head \(head) [\(d) × \(d)], from "
          + "transformer.h.\(layer).attn.c_attn.weight"),
      Draw.matrix(float(circuit.data, rows: d, cols: d), title: "W_QK", rows: []),
      singularValueText(circuit, rows: d, dHead: dh),
      .blank,
      Draw.equation([
        Draw.op("x · W_QK · xᵀ ="),
        Draw.matrix(
          float(bilinear, rows: n, cols: n), title: "x·W_QK·xᵀ", rows: context.tokenLabels,
          columns: context.tokenLabels),
      ]),
      Draw.note(
        "x = blocks.\(layer).\(point.rawValue) (rows: queries, columns: keys); bias terms = "
          + "(x·W_Q,h·b_Kᵀ + b_Q·(x·W_K,h)ᵀ + b_Q·b_Kᵀ) / √d_head, largest |term| "
          + scientific(biasTerms.map(abs).max() ?? 0)),
      .text(
        "check: x·W_QK·xᵀ + bias terms vs blocks.\(layer).attn.hook_attn_scores_unmasked[\(head)] "
          + "(all \(n)×\(n) query/key pairs): max |difference| = "
          + scientific(maxDifference(sum, recorded))),
    ] + context.interventionCaveat
  }

  func animation(config: ModelConfig, tokenCount: Int) -> ViewAnimation? { nil }

  var readsWeights: Bool { true }
}

/// `m` `[rows, cols]` transposed. `-> [cols, rows]`
func transpose(_ m: [Double], rows: Int, cols: Int) -> [Double] {
  var out = [Double](repeating: 0, count: rows * cols)
  for i in 0..<rows { for j in 0..<cols { out[j * rows + i] = m[i * cols + j] } }
  return out
}

/// `m` as a Float matrix for drawing.
func float(_ m: [Double], rows: Int, cols: Int) -> Matrix {
  Matrix(rows: rows, cols: cols, data: m.map { Float($0) })
}

/// The singular values of the `[rows, rows]` circuit by a full Jacobi SVD of the product: the
/// first `dHead` listed, the rest summarized by their largest, and the numerical rank.
func singularValueText(_ circuit: CircuitMatrix, rows: Int, dHead: Int) -> Block {
  let sigma = singularValues(rows: rows, cols: rows, data: circuit.data)
  let tolerance = (sigma.first ?? 0) * Double(rows) * Double(Float.ulpOfOne)
  let rank = sigma.filter { $0 > tolerance }.count
  let first = sigma.prefix(dHead).map { String(format: "%.4f", $0) }.joined(separator: " ")
  let rest = sigma.dropFirst(dHead)
  var lines = [Block.text("singular values of \(circuit.name): " + first)]
  if let largest = rest.max() {
    lines.append(
      .text(
        "the other \(rest.count): at most \(scientific(largest)); rank \(rank) (d_head = \(dHead); "
          + "zero means ≤ σ_max · \(rows) · ε_float32 = \(scientific(tolerance)))"))
  }
  return .stack(lines)
}
