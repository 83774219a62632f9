// Multi-head causal self-attention. Every per-head value goes through its hook before it is
// used, so a hook that changes Q, a score, the pattern or one head's z changes what follows.

extension Model {
  /// Multi-head causal self-attention: `z · W_O + b_O`. `[pos, d_model] -> [pos, d_model]`
  ///
  /// `attn.hook_result` (each head's share, `z_h · W_O[h]`) is built only for hooks that want
  /// it. The output stays the one product `z · W_O + b_O`, so that looking changes no bit,
  /// unless the hooks replace the shares: then it is their sum plus `b_O`, as TransformerLens
  /// computes it with `use_attn_result`, and the changed shares flow on.
  ///
  /// With a cache, `x` holds only the new positions: their keys and values are appended to the
  /// cached ones, and each new query attends to every earlier position.
  func attention<H: Hooks>(
    _ x: Matrix, _ b: BlockParameters, _ layer: Int, _ hooks: inout H,
    _ cache: inout KeyValueCache?
  ) -> Matrix {
    let (d, heads, dHead, pos) = (config.dModel, config.nHeads, config.dHead, x.rows)
    let perHead = [pos, heads, dHead]
    let qkv = Matrix.matmul(x, b.attnWeight).addingRowVector(b.attnBias)  // [pos, d] -> [pos, 3d]
    let q = hooks(.q, layer, qkv.columns(0..<d), as: perHead)  // [pos, d_model], heads side by side
    var k = hooks(.k, layer, qkv.columns(d..<(2 * d)), as: perHead)
    var v = hooks(.v, layer, qkv.columns((2 * d)..<(3 * d)), as: perHead)
    if cache != nil { (k, v) = cache?.appending(k, v, layer: layer) ?? (k, v) }  // [keys, d_model]
    let grid = [heads, pos, k.rows]  // [head, query_pos, key_pos], stored as [head · pos, keys]
    let scores = hooks(.attnScoresUnmasked, layer, headScores(q, k), as: grid)
    // in place unless a hook kept the unmasked scores
    let masked = hooks(.attnScores, layer, causallyMasked(consume scores, queries: pos), as: grid)
    let pattern = hooks(.pattern, layer, softmaxRows(masked), as: grid)  // rows sum to 1
    let z = hooks(.z, layer, weightedValues(pattern, v), as: perHead)  // [pos, d_model]
    let out = Matrix.matmul(z, b.attnProjWeight).addingRowVector(b.attnProjBias)  // [pos, d_model]
    guard hooks.wants(.result, layer) else { return out }
    // [pos, head, d_model], stored as [pos, head · d_model]
    let result = hooks(.result, layer, headResults(z, b.attnProjWeight), as: [pos, heads, d])
    return hooks.replaces(.result, layer)
      ? summedHeads(result).addingRowVector(b.attnProjBias) : out
  }

  /// `Q_h · K_hᵀ / √d_head` for every head h, stacked; the heads run on `threads` threads
  /// (by default every thread for large passes).
  /// `[queries, d_model], [keys, d_model] -> [head · queries, keys]`
  func headScores(_ q: Matrix, _ k: Matrix, threads: Int? = nil) -> Matrix {
    let (heads, columns) = (config.nHeads, headColumns)
    let scale = 1 / Float(config.dHead).squareRoot()
    let threads = threads ?? Matrix.threads(forMultiplyAdds: heads * q.rows * k.rows * config.dHead)
    return Matrix.stacking(heads, rows: q.rows, cols: k.rows, threads: threads) { h in
      // [pos, d_head] · [pos, d_head]ᵀ -> [pos, pos]
      Matrix.matmul(q.columns(columns[h]), transposing: k.columns(columns[h]), threads: 1)
        .scaled(by: scale)
    }
  }

  /// `pattern_h · V_h` for every head h, side by side: z. The heads run on `threads` threads
  /// (by default every thread for large passes).
  /// `[head · queries, keys], [keys, d_model] -> [queries, d_model]`
  func weightedValues(_ pattern: Matrix, _ v: Matrix, threads: Int? = nil) -> Matrix {
    let (heads, columns, dHead) = (config.nHeads, headColumns, config.dHead)
    let queries = pattern.rows / heads
    let threads = threads ?? Matrix.threads(forMultiplyAdds: heads * queries * v.rows * dHead)
    return Matrix.sideBySide(heads, rows: queries, cols: dHead, threads: threads) { h in
      // [queries, keys] · [keys, d_head] -> [queries, d_head]
      Matrix.matmul(
        pattern.rows((h * queries)..<((h + 1) * queries)), v.columns(columns[h]), threads: 1)
    }
  }

  /// Each head's output through its own rows of `W_O` (bias excluded), side by side.
  /// `[pos, d_model] -> [pos, head · d_model]`
  ///
  /// The heads run one after another: each product is large enough to use every thread itself,
  /// and its temporaries then stay on the calling thread.
  func headResults(_ z: Matrix, _ wO: Matrix) -> Matrix {
    let (heads, columns, d) = (config.nHeads, headColumns, config.dModel)
    return Matrix.sideBySide(heads, rows: z.rows, cols: d, threads: 1) { h in
      // [pos, d_head] · [d_head, d_model] -> [pos, d_model]
      Matrix.matmul(z.columns(columns[h]), wO.rows(columns[h]))
    }
  }

  /// The heads' results added up, head 0 first. `[pos, head · d_model] -> [pos, d_model]`
  func summedHeads(_ result: Matrix) -> Matrix {
    let d = config.dModel
    var out = result.columns(0..<d)
    for h in 1..<config.nHeads {
      for r in 0..<out.rows {
        for c in 0..<d { out.data[r * d + c] += result.data[r * result.cols + h * d + c] }
      }
    }
    return out
  }

  /// The `d_head`-wide column range of each head inside `d_model`.
  var headColumns: [Range<Int>] {
    (0..<config.nHeads).map { ($0 * config.dHead)..<(($0 + 1) * config.dHead) }
  }
}

/// Sets every score of a query looking at a later key to `-infinity`.
/// `[n · queries, keys] -> [n · queries, keys]`: row r is query `r % queries` of block `r / queries`,
/// and the queries are the last `queries` of the `keys` positions (all of them without a cache).
public func causallyMasked(_ scores: consuming Matrix, queries: Int? = nil) -> Matrix {
  let queries = queries ?? scores.cols
  guard queries > 0 else { return scores }
  let (rows, keys) = (scores.rows, scores.cols)
  let offset = keys - queries  // positions before the first query
  scores.data.withUnsafeMutableBufferPointer { out in
    guard let base = out.baseAddress else { return }
    for r in 0..<rows {
      let visible = max(0, min(offset + r % queries + 1, keys))  // keys 0...query
      (base + r * keys + visible).update(repeating: -.infinity, count: keys - visible)
    }
  }
  return scores
}

/// Places matrices with equal row counts side by side. `n × [r, c_i] -> [r, Σ c_i]`
public func concatenatingColumns(_ parts: [Matrix]) -> Matrix {
  let rows = parts.first?.rows ?? 0
  let cols = parts.reduce(0) { $0 + $1.cols }
  return Matrix(rows: rows, cols: cols) { out in
    var offset = 0
    for part in parts {
      precondition(part.rows == rows, "concatenatingColumns: row counts differ")
      part.copy(into: out + offset, rowStride: cols)
      offset += part.cols
    }
  }
}

/// Places matrices with equal column counts one under the other. `n × [r_i, c] -> [Σ r_i, c]`
public func stackedRows(_ parts: [Matrix]) -> Matrix {
  Matrix(
    rows: parts.reduce(0) { $0 + $1.rows }, cols: parts.first?.cols ?? 0,
    data: parts.flatMap(\.data))
}
