import TerminalKit
import TinyGPT

/// The OV circuit of the reader's head: `W_OV = W_V,h · W_O,h` from the weights, its singular
/// values (rank at most d_head), and the check that `pattern_h · x · W_OV` plus the value-bias
/// term gives the head's recorded output `hook_result[:, h, :]`.
struct OVCircuitView: WalkthroughView {
  func inputs(for config: ModelConfig) -> [ViewInput] {
    [.init(QKVView.input(config)), .init(.pattern), .init(.result)]
  }

  func weights(for config: ModelConfig) -> [WeightInput] { HeadWeights.inputs }

  func blocks(_ inputs: ViewInputs, in context: PageContext) throws -> [Block] {
    let (config, head, layer) = (context.config, context.head, context.layer)
    let w = try HeadWeights(inputs, config: config, head: head)
    let (d, dh) = (config.dModel, config.dHead)
    // W_OV = W_V,h · (W_O,hᵀ)ᵀ: factors [d_model, d_head].
    let circuit = CircuitMatrix(
      name: "W_OV", left: w.wV, right: transpose(w.wO, rows: dh, cols: d), rows: d, cols: d,
      inner: dh)
    let point = QKVView.input(config)
    let x = try inputs(point).matrix.data.map(Double.init)  // [pos, d_model]
    let n = context.tokenLabels.count
    let pattern = try inputs(.pattern).slice(head).data.map(Double.init)  // [pos, pos]
    let xov = HeadWeights.product(x, circuit.data, inner: d, cols: d)  // [pos, d_model]
    let main = HeadWeights.product(pattern, xov, inner: n, cols: d)  // [pos, d_model]
    // Value-bias term: (pattern_h · 1) · b_V,h W_O,h  [pos, d_model]
    let bo = HeadWeights.product(w.bV, w.wO, inner: dh, cols: d)  // [1, d_model]
    var biasTerm = [Double](repeating: 0, count: n * d)
    for p in 0..<n {
      let weight = pattern[(p * n)..<((p + 1) * n)].reduce(0, +)
      for c in 0..<d { biasTerm[p * d + c] = weight * bo[c] }
    }
    let result = try inputs(.result).matrix  // [pos, head · d_model]
    let recorded = (0..<n).flatMap { p in
      (0..<d).map { Double(result[p, head * d + $0]) }
    }
    let sum = zip(main, biasTerm).map { $0 + $1 }
    return [
      Draw.note(
        "W_OV = W_V,h · W_O,h for layer \(layer), head \(head) [\(d) × \(d)], from "
          + "transformer.h.\(layer).attn.c_attn.weight (W_V) and attn.c_proj.weight (W_O)"),
      Draw.matrix(float(circuit.data, rows: d, cols: d), title: "W_OV", rows: []),
      singularValueText(circuit, rows: d, dHead: dh),
      .blank,
      Draw.equation([
        Draw.op("pattern_h · x · W_OV ="),
        Draw.matrix(
          float(main, rows: n, cols: d), title: "pattern_h·x·W_OV", rows: context.tokenLabels),
      ]),
      Draw.note(
        "x = blocks.\(layer).\(point.rawValue); value-bias term = (pattern_h · 1) · b_V,h · W_O,h, "
          + "largest |term| \(scientific(biasTerm.map(abs).max() ?? 0))"),
      .text(
        "check: pattern_h·x·W_OV + value-bias term vs blocks.\(layer).attn.hook_result[:, \(head), :] "
          + "(all \(n)×\(d) entries): max |difference| = "
          + scientific(maxDifference(sum, recorded))
      ),
    ] + context.interventionCaveat
  }

  func animation(config: ModelConfig, tokenCount: Int) -> ViewAnimation? { nil }

  var readsWeights: Bool { true }
}
