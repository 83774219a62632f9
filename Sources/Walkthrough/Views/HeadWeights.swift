import TerminalKit
import TinyGPT

/// One attention head's weights in Double, cut from the block's `attn.c_attn` (W_Q | W_K | W_V
/// and their biases, heads contiguous inside each third) and `attn.c_proj.weight` (W_O).
struct HeadWeights {
  /// The block weights the circuit pages read.
  static let inputs: [WeightInput] = [
    .block("attn.c_attn.weight"), .block("attn.c_attn.bias"), .block("attn.c_proj.weight"),
  ]

  let dModel: Int
  let dHead: Int
  /// `[d_model, d_head]` each, row-major.
  let wQ: [Double]
  let wK: [Double]
  let wV: [Double]
  /// `[d_head]` each.
  let bQ: [Double]
  let bK: [Double]
  let bV: [Double]
  /// `[d_head, d_model]`, row-major.
  let wO: [Double]

  /// The weights of the reader's head; throws `MissingWeights` when the trace has none.
  init(_ inputs: ViewInputs, config: ModelConfig, head: Int) throws {
    func read(_ input: WeightInput) throws -> Matrix {
      guard let m = try inputs.weight(input) else { throw MissingWeights(name: input.description) }
      return m
    }
    let attn = try read(Self.inputs[0])  // [d_model, 3·d_model]
    let bias = try read(Self.inputs[1]).data  // [3·d_model]
    let proj = try read(Self.inputs[2])  // [d_model, d_model]
    let (d, dh) = (config.dModel, config.dHead)
    let cols = (head * dh)..<((head + 1) * dh)
    func third(_ i: Int) -> [Double] {
      attn.columns((i * d + cols.lowerBound)..<(i * d + cols.upperBound)).data.map(Double.init)
    }
    func biasThird(_ i: Int) -> [Double] {
      bias[(i * d + cols.lowerBound)..<(i * d + cols.upperBound)].map(Double.init)
    }
    dModel = d
    dHead = dh
    (wQ, wK, wV) = (third(0), third(1), third(2))
    (bQ, bK, bV) = (biasThird(0), biasThird(1), biasThird(2))
    wO = proj.rows(cols).data.map(Double.init)  // [d_head, d_model]
  }

  /// `x · W` for `x` `[n, inner]` and `w` `[inner, cols]` (row-major). `-> [n, cols]`
  static func product(_ x: [Double], _ w: [Double], inner: Int, cols: Int) -> [Double] {
    let n = inner == 0 ? 0 : x.count / inner
    var out = [Double](repeating: 0, count: n * cols)
    for i in 0..<n {
      for k in 0..<inner where x[i * inner + k] != 0 {
        let a = x[i * inner + k]
        for j in 0..<cols { out[i * cols + j] += a * w[k * cols + j] }
      }
    }
    return out
  }
}

/// The largest `|a_i − b_i|`.
func maxDifference(_ a: [Double], _ b: [Double]) -> Double {
  zip(a, b).reduce(0) { max($0, abs($1.0 - $1.1)) }
}

/// `value` in scientific notation with 2 significant decimals (`3.10e-07`).
func scientific(_ value: Double) -> String { String(format: "%.2e", value) }

extension PageContext {
  /// The checks' caveat for a run with interventions (the recorded values include them, the
  /// formulas on the page do not), as a block list: empty for an unchanged run.
  var interventionCaveat: [Block] {
    guard !trace.interventions.isEmpty else { return [] }
    let names = trace.interventions.map(\.description).joined(separator: ", ")
    return [
      Draw.note(
        "this run was changed (\(names)): the recorded values include the change and the formula "
          + "above does not, so a check it touches shows that difference")
    ]
  }
}
