import TinyGPT

// Backward of causal multi-head self-attention, one head at a time, mirroring
// `Model.attention` in Model+Attention.swift.

/// The gradients of one attention head's `q`, `k` and `v`, each `[pos, d_head]`.
public struct HeadGradients: Sendable {
  public var q: Matrix
  public var k: Matrix
  public var v: Matrix
}

/// Backward of one head `out = softmax(mask(q · kᵀ · scale)) · v`, from its recorded
/// `pattern`.
/// `dOut: [pos, d_head] -> dq, dk, dv: [pos, d_head]`
///
/// Masked scores have pattern 0, so `softmaxBackward` gives them gradient 0.
public func attentionHeadBackward(
  _ dOut: Matrix, q: Matrix, k: Matrix, v: Matrix, pattern: Matrix, scale: Float
) -> HeadGradients {
  let dPattern = Matrix.matmul(dOut, transposing: v)  // [pos, d_head] · vᵀ -> [pos, pos]
  let dV = Matrix.matmul(transposing: pattern, dOut)  // [pos, pos]ᵀ · dOut -> [pos, d_head]
  let dScores = softmaxBackward(dPattern, probabilities: pattern).scaled(by: scale)  // [pos,pos]
  let dQ = Matrix.matmul(dScores, k)  // [pos, pos] · [pos, d_head] -> [pos, d_head]
  let dK = Matrix.matmul(transposing: dScores, q)  // [pos, pos]ᵀ · q -> [pos, d_head]
  return HeadGradients(q: dQ, k: dK, v: dV)
}

extension Model {
  /// Backward of `attention(x)` = `concat(heads) · W_O + b_O` with `qkv = x · W_QKV + b_QKV`.
  /// Stores the weight gradients in `grads`. `dOut: [pos, d_model] -> dX: [pos, d_model]`
  func attentionBackward(
    _ dOut: Matrix, input x: Matrix, layer: Int, cache: BackwardRecorder,
    grads: inout BlockParameters
  ) -> Matrix {
    let b = parameters.blocks[layer]
    let (d, dHead) = (config.dModel, config.dHead)
    let proj = linearBackward(dOut, input: cache[.z, layer: layer], weight: b.attnProjWeight)
    grads.attnProjWeight = proj.weight
    grads.attnProjBias = proj.bias
    let dZ = proj.input  // [pos, d_model] = n_heads × [pos, d_head]
    let (q, k, v) = (cache[.q, layer: layer], cache[.k, layer: layer], cache[.v, layer: layer])
    let patterns = cache[.pattern, layer: layer]  // [head * query_pos, key_pos]
    let pos = x.rows
    let scale = 1 / Float(dHead).squareRoot()
    var dQKV = Matrix(rows: pos, cols: 3 * d)  // [pos, 3*d_model]: Q | K | V
    for h in 0..<config.nHeads {
      let cols = (h * dHead)..<((h + 1) * dHead)
      let head = attentionHeadBackward(
        dZ.columns(cols), q: q.columns(cols), k: k.columns(cols), v: v.columns(cols),
        pattern: patterns.rows((h * pos)..<((h + 1) * pos)), scale: scale)
      for p in 0..<pos {
        for (j, c) in cols.enumerated() {
          dQKV[p, c] = head.q[p, j]
          dQKV[p, d + c] = head.k[p, j]
          dQKV[p, 2 * d + c] = head.v[p, j]
        }
      }
    }
    let qkv = linearBackward(dQKV, input: x, weight: b.attnWeight)  // -> [pos, d_model]
    grads.attnWeight = qkv.weight
    grads.attnBias = qkv.bias
    return qkv.input
  }
}
