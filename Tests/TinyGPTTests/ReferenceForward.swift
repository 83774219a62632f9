import Foundation
import TinyGPT

/// An independent forward pass in Double, written from the definitions with plain nested
/// arrays and loops: no code shared with the model. Returns every value by hook name.
///
/// `edits` makes the changes of the interventions, written from their definitions: zeroed
/// heads (their slice of z), zeroed sublayer outputs, no positional embedding, no causal mask.
func referenceForward(
  _ model: Model, _ tokens: [Int], causal: Bool = true, edits: ReferenceEdits = ReferenceEdits()
) -> [String: [Double]] {
  let causal = causal && !edits.noMask
  typealias M = [[Double]]
  let cfg = model.config
  let p = model.parameters
  let (n, d, H, dh) = (tokens.count, cfg.dModel, cfg.nHeads, cfg.dHead)
  var out: [String: [Double]] = [:]
  func mat(_ m: Matrix) -> M { (0..<m.rows).map { r in (0..<m.cols).map { Double(m[r, $0]) } } }
  func vec(_ v: [Float]) -> [Double] { v.map(Double.init) }
  func mul(_ a: M, _ b: M) -> M {
    a.map { row in
      (0..<b[0].count).map { j in (0..<row.count).reduce(0.0) { $0 + row[$1] * b[$1][j] } }
    }
  }
  func addRow(_ a: M, _ v: [Double]) -> M { a.map { zip($0, v).map { $0 + $1 } } }
  func add(_ a: M, _ b: M) -> M { zip(a, b).map { zip($0, $1).map { $0 + $1 } } }
  func flat(_ a: M) -> [Double] { a.flatMap { $0 } }
  func ln(_ x: M, _ w: [Float], _ b: [Float], _ prefix: String) -> M {
    var scales: [Double] = []
    var normed: M = []
    for row in x {
      let mean = row.reduce(0, +) / Double(row.count)
      let variance = row.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(row.count)
      let s = (variance + Double(cfg.lnEps)).squareRoot()
      scales.append(s)
      normed.append(row.map { ($0 - mean) / s })
    }
    let o = normed.map { row in row.indices.map { row[$0] * Double(w[$0]) + Double(b[$0]) } }
    out[prefix + ".hook_scale"] = scales
    out[prefix + ".hook_normalized"] = flat(normed)
    out[prefix + ".hook_out"] = flat(o)
    return o
  }
  func act(_ x: Double) -> Double {
    switch cfg.actFn {
    case .relu: return max(0, x)
    case .gelu: return 0.5 * x * (1 + erf(x / 2.0.squareRoot()))
    case .geluNew:
      return 0.5 * x * (1 + tanh((2 / Double.pi).squareRoot() * (x + 0.044715 * x * x * x)))
    }
  }
  let wte = mat(p.tokenEmbedding)
  var x: M = tokens.map { wte[$0] }
  out["hook_embed"] = flat(x)
  var pe: M? = nil
  switch cfg.positionalEmbeddingType {
  case .standard: pe = p.positionEmbedding.map { Array(mat($0).prefix(n)) }
  case .sinusoidal:
    pe = (0..<n).map { pos in
      (0..<d).map { i in
        let freq = pow(10000.0, Double(i - i % 2) / Double(d))
        return i % 2 == 0 ? sin(Double(pos) / freq) : cos(Double(pos) / freq)
      }
    }
  case .none: pe = nil
  }
  if edits.noPositions { pe = pe.map { $0.map { $0.map { _ in 0 } } } }
  if let pe {
    out["hook_pos_embed"] = flat(pe)
    x = add(x, pe)
  }
  for (l, b) in p.blocks.enumerated() {
    let pre = "blocks.\(l)."
    out[pre + "hook_resid_pre"] = flat(x)
    let h1 = b.ln1.map { ln(x, $0.weight, $0.bias, pre + "ln1") } ?? x
    let qkv = addRow(mul(h1, mat(b.attnWeight)), vec(b.attnBias))
    let q = qkv.map { Array($0[0..<d]) }
    let k = qkv.map { Array($0[d..<(2 * d)]) }
    let v = qkv.map { Array($0[(2 * d)..<(3 * d)]) }
    out[pre + "attn.hook_q"] = flat(q)
    out[pre + "attn.hook_k"] = flat(k)
    out[pre + "attn.hook_v"] = flat(v)
    var unmasked: [Double] = []
    var masked: [Double] = []
    var pattern: [Double] = []
    var z = M(repeating: [Double](repeating: 0, count: d), count: n)
    var result = [Double](repeating: 0, count: n * H * d)
    let wo = mat(b.attnProjWeight)
    for h in 0..<H {
      for i in 0..<n {
        var row: [Double] = []
        for j in 0..<n {
          var s = 0.0
          for c in 0..<dh { s += q[i][h * dh + c] * k[j][h * dh + c] }
          row.append(s / Double(dh).squareRoot())
        }
        unmasked += row
        let m = row.enumerated().map { (causal && $0.offset > i) ? -Double.infinity : $0.element }
        masked += m
        let mx = m.max() ?? 0
        let e = m.map { $0 == -.infinity ? 0 : exp($0 - mx) }
        let a = e.map { $0 / e.reduce(0, +) }
        pattern += a
        for c in 0..<dh {
          z[i][h * dh + c] = (0..<n).reduce(0.0) { $0 + a[$1] * v[$1][h * dh + c] }
          if edits.zeroHeads.contains([l, h]) { z[i][h * dh + c] = 0 }
        }
        for o in 0..<d {
          result[(i * H + h) * d + o] = (0..<dh).reduce(0.0) {
            $0 + z[i][h * dh + $1] * wo[h * dh + $1][o]
          }
        }
      }
    }
    out[pre + "attn.hook_attn_scores_unmasked"] = unmasked
    out[pre + "attn.hook_attn_scores"] = masked
    out[pre + "attn.hook_pattern"] = pattern
    out[pre + "attn.hook_z"] = flat(z)
    out[pre + "attn.hook_result"] = result
    var attnOut = addRow(mul(z, wo), vec(b.attnProjBias))
    if edits.zeroAttention.contains(l) { attnOut = attnOut.map { $0.map { _ in 0 } } }
    out[pre + "hook_attn_out"] = flat(attnOut)
    x = add(x, attnOut)
    out[pre + "hook_resid_mid"] = flat(x)
    let h2 = b.ln2.map { ln(x, $0.weight, $0.bias, pre + "ln2") } ?? x
    let mlpPre = addRow(mul(h2, mat(b.fcWeight)), vec(b.fcBias))
    out[pre + "mlp.hook_pre"] = flat(mlpPre)
    let mlpPost = mlpPre.map { $0.map(act) }
    out[pre + "mlp.hook_post"] = flat(mlpPost)
    var mlpOut = addRow(mul(mlpPost, mat(b.mlpProjWeight)), vec(b.mlpProjBias))
    if edits.zeroMLP.contains(l) { mlpOut = mlpOut.map { $0.map { _ in 0 } } }
    out[pre + "hook_mlp_out"] = flat(mlpOut)
    x = add(x, mlpOut)
    out[pre + "hook_resid_post"] = flat(x)
  }
  let final = p.finalNorm.map { ln(x, $0.weight, $0.bias, "ln_final") } ?? x
  let wu = mat(p.outputEmbedding)
  let logits = final.map { row in wu.map { w in zip(row, w).reduce(0.0) { $0 + $1.0 * $1.1 } } }
  out["unembed.hook_out"] = flat(logits)
  out["hook_probs"] = flat(
    logits.map { row in
      let mx = row.max() ?? 0
      let e = row.map { exp($0 - mx) }
      return e.map { $0 / e.reduce(0, +) }
    })
  return out
}

/// The changes `referenceForward` can make, one per intervention.
struct ReferenceEdits {
  /// `[layer, head]` pairs whose slice of z is zero.
  var zeroHeads: Set<[Int]> = []
  var zeroAttention: Set<Int> = []
  var zeroMLP: Set<Int> = []
  var noPositions = false
  var noMask = false
}
