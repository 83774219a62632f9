import TerminalKit
import TinyGPT

/// "Values are kind of meaningless": the reader's head's values in another basis. With a
/// seeded invertible R, `V' = V_h · R` and `W_O' = R⁻¹ · W_O,h` give the same head output
/// `pattern_h · V · W_O,h`, though V' has other numbers.
struct BasisView: WalkthroughView {
  /// The seed of R's random part.
  static let seed: UInt64 = 1

  func inputs(for config: ModelConfig) -> [ViewInput] {
    [.init(.v), .init(.pattern), .init(.result)]
  }

  func weights(for config: ModelConfig) -> [WeightInput] { [CombineView.weight] }

  /// `I + E`, E uniform in ±1/d_head: each row's off-diagonal entries sum to less than 1 in
  /// magnitude, so R is strictly diagonally dominant and invertible. `-> [d_head, d_head]`
  static func basis(_ dHead: Int) -> [Double] {
    var random = RandomSource(seed: seed)
    let spread = 1 / Double(max(1, dHead))
    return (0..<(dHead * dHead)).map { i in
      (i / dHead == i % dHead ? 1 : 0) + (2 * random.nextUniform() - 1) * spread
    }
  }

  func blocks(_ inputs: ViewInputs, in context: PageContext) throws -> [Block] {
    let (config, head, layer) = (context.config, context.head, context.layer)
    let (d, dh, n) = (config.dModel, config.dHead, context.tokenLabels.count)
    guard let proj = try inputs.weight(CombineView.weight) else {
      throw MissingWeights(name: CombineView.weight.description)
    }
    let wO = proj.rows(context.headColumns).data.map(Double.init)  // [d_head, d_model]
    let vAll = try inputs(.v).matrix  // [pos, head · d_head]
    // The head's values.  [pos, d_head]
    let v = (0..<n).flatMap { p in (0..<dh).map { Double(vAll[p, head * dh + $0]) } }
    let pattern = try inputs(.pattern).slice(head).data.map(Double.init)  // [pos, pos]
    let r = Self.basis(dh)
    guard let rInverse = gaussJordanInverse(r, n: dh) else {
      return [Draw.note("R is not invertible")]
    }
    let vPrime = HeadWeights.product(v, r, inner: dh, cols: dh)  // [pos, d_head]
    let wOPrime = HeadWeights.product(rInverse, wO, inner: dh, cols: d)  // [d_head, d_model]
    // The head's output both ways.  [pos, d_model]
    let out = HeadWeights.product(
      HeadWeights.product(pattern, v, inner: n, cols: dh), wO, inner: dh, cols: d)
    let outPrime = HeadWeights.product(
      HeadWeights.product(pattern, vPrime, inner: n, cols: dh), wOPrime, inner: dh, cols: d)
    let identity = (0..<(dh * dh)).map { $0 / dh == $0 % dh ? 1.0 : 0.0 }
    let product = HeadWeights.product(r, rInverse, inner: dh, cols: dh)
    let result = try inputs(.result).matrix  // [pos, head · d_model]
    let recorded = (0..<n).flatMap { p in (0..<d).map { Double(result[p, head * d + $0]) } }
    let rows = context.tokenLabels
    return [
      Draw.note(
        "R = I + E, E uniform in ±1/d_head (seed \(Self.seed)): diagonally dominant, so invertible; "
          + "R⁻¹ by Gauss-Jordan elimination, max |R·R⁻¹ − I| = "
          + scientific(maxDifference(product, identity))),
      Draw.equation([
        Draw.matrix(
          float(v, rows: n, cols: dh), title: "V (head \(head))", rows: rows),
        Draw.op("· R ="),
        Draw.matrix(float(vPrime, rows: n, cols: dh), title: "V'", rows: rows),
      ]),
      Draw.note(
        "V = blocks.\(layer).attn.hook_v[:, \(head), :]; W_O' = R⁻¹ · W_O,h, W_O,h = rows "
          + "\(head * dh)..<\((head + 1) * dh) of transformer.h.\(layer).attn.c_proj.weight"),
      Draw.matrix(
        float(out, rows: n, cols: d), title: "pattern_h · V · W_O,h", rows: rows),
      .text(
        "check (in Double): pattern_h·V'·W_O' vs pattern_h·V·W_O,h (all \(n)×\(d) entries): max |difference| = "
          + scientific(maxDifference(outPrime, out))),
      .text(
        "and pattern_h·V·W_O,h vs blocks.\(layer).attn.hook_result[:, \(head), :]: max |difference| = "
          + scientific(maxDifference(out, recorded))),
    ] + context.interventionCaveat
  }

  func animation(config: ModelConfig, tokenCount: Int) -> ViewAnimation? { nil }

  var readsWeights: Bool { true }
}
