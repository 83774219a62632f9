// Causal multi-head self-attention, one head at a time so each step reads as the math.

extension Model {
  /// Multi-head causal self-attention; returns `z · W_O + b_O`. `[pos, d_model] -> [pos, d_model]`
  func attention<R: Recorder>(
    _ x: Matrix, _ b: BlockParameters, layer: Int, masking: AttentionMasking, recorder: inout R
  ) -> Matrix {
    let (d, dHead, nHeads, pos) = (config.dModel, config.dHead, config.nHeads, x.rows)
    let qkv = Matrix.matmul(x, b.attnWeight).addingRowVector(b.attnBias)  // [pos, d] -> [pos, 3d]
    let q = qkv.columns(0..<d)  // [pos, d_model] read as [pos, head, d_head]
    let k = qkv.columns(d..<(2 * d))
    let v = qkv.columns((2 * d)..<(3 * d))
    recorder.record(
      ActivationName(.q, layer: layer), Tensor(shape: [pos, nHeads, dHead], data: q.data))
    recorder.record(
      ActivationName(.k, layer: layer), Tensor(shape: [pos, nHeads, dHead], data: k.data))
    recorder.record(
      ActivationName(.v, layer: layer), Tensor(shape: [pos, nHeads, dHead], data: v.data))

    let scale = 1 / Float(dHead).squareRoot()
    var unmasked: [Matrix] = []
    var masked: [Matrix] = []
    var patterns: [Matrix] = []
    var heads: [Matrix] = []
    for h in 0..<nHeads {
      let cols = (h * dHead)..<((h + 1) * dHead)
      // Q_h · K_hᵀ / √d_head: [pos, d_head] · [pos, d_head]ᵀ -> [pos, pos]
      let scores = Matrix.matmul(q.columns(cols), transposing: k.columns(cols)).scaled(by: scale)
      let maskedScores = masking == .causal ? causallyMasked(scores) : scores
      let pattern = softmaxRows(maskedScores)  // [query_pos, key_pos], rows sum to 1
      // [pos, pos] · [pos, d_head] -> [pos, d_head]
      heads.append(Matrix.matmul(pattern, v.columns(cols)))
      unmasked.append(scores)
      masked.append(maskedScores)
      patterns.append(pattern)
    }
    func stacked(_ ms: [Matrix]) -> Tensor {
      Tensor(shape: [nHeads, pos, pos], data: ms.flatMap(\.data))
    }
    recorder.record(ActivationName(.attnScoresUnmasked, layer: layer), stacked(unmasked))
    recorder.record(ActivationName(.attnScores, layer: layer), stacked(masked))
    recorder.record(ActivationName(.pattern, layer: layer), stacked(patterns))

    let z = concatenatingColumns(heads)  // n_heads × [pos, d_head] -> [pos, d_model]
    recorder.record(
      ActivationName(.z, layer: layer), Tensor(shape: [pos, nHeads, dHead], data: z.data))
    recorder.record(ActivationName(.result, layer: layer), perHeadResults(heads, b.attnProjWeight))
    return Matrix.matmul(z, b.attnProjWeight).addingRowVector(b.attnProjBias)  // -> [pos, d_model]
  }

  /// Each head's output through its own rows of `W_O` (bias excluded), so the heads visibly
  /// sum to the attention output. `n_heads × [pos, d_head] -> [pos, head, d_model]`
  func perHeadResults(_ heads: [Matrix], _ wO: Matrix) -> Tensor {
    let (dHead, nHeads, d) = (config.dHead, config.nHeads, config.dModel)
    let pos = heads.first?.rows ?? 0
    var data = [Float](repeating: 0, count: pos * nHeads * d)
    for (h, zh) in heads.enumerated() {
      // [pos, d_head] · [d_head, d_model] -> [pos, d_model]
      let rh = Matrix.matmul(zh, wO.rows((h * dHead)..<((h + 1) * dHead)))
      for p in 0..<pos {  // row p of head h goes to [p, h, :]
        data.replaceSubrange(
          ((p * nHeads + h) * d)..<((p * nHeads + h + 1) * d),
          with: rh.data[(p * d)..<((p + 1) * d)])
      }
    }
    return Tensor(shape: [pos, nHeads, d], data: data)
  }
}

/// Which key positions each query may attend to.
public enum AttentionMasking: Sendable {
  /// Only itself and earlier positions (a GPT).
  case causal
  /// Every position (no mask; for experiments only).
  case none
}

/// Sets every score above the diagonal (a query looking at a later key) to `-infinity`.
public func causallyMasked(_ scores: Matrix) -> Matrix {
  var out = scores
  for r in 0..<scores.rows {
    for c in (r + 1)..<max(r + 1, scores.cols) { out[r, c] = -.infinity }
  }
  return out
}

/// Places matrices with equal row counts side by side. `n × [r, c_i] -> [r, Σ c_i]`
public func concatenatingColumns(_ parts: [Matrix]) -> Matrix {
  let rows = parts.first?.rows ?? 0
  let cols = parts.reduce(0) { $0 + $1.cols }
  var out = Matrix(rows: rows, cols: cols)
  var offset = 0
  for part in parts {
    for r in 0..<rows {
      for c in 0..<part.cols { out[r, offset + c] = part[r, c] }
    }
    offset += part.cols
  }
  return out
}
