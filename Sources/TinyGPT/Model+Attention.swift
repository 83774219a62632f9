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
    let masked = hooks(.attnScores, layer, causallyMasked(scores, queries: pos), as: grid)
    let pattern = hooks(.pattern, layer, softmaxRows(masked), as: grid)  // rows sum to 1
    let z = hooks(.z, layer, weightedValues(pattern, v), as: perHead)  // [pos, d_model]
    let out = Matrix.matmul(z, b.attnProjWeight).addingRowVector(b.attnProjBias)  // [pos, d_model]
    guard hooks.wants(.result, layer) else { return out }
    // [pos, head, d_model], stored as [pos, head · d_model]
    let result = hooks(.result, layer, headResults(z, b.attnProjWeight), as: [pos, heads, d])
    return hooks.replaces(.result, layer)
      ? summedHeads(result).addingRowVector(b.attnProjBias) : out
  }

  /// `Q_h · K_hᵀ / √d_head` for every head h, stacked.
  /// `[queries, d_model], [keys, d_model] -> [head · queries, keys]`
  func headScores(_ q: Matrix, _ k: Matrix) -> Matrix {
    let scale = 1 / Float(config.dHead).squareRoot()
    return stackedRows(
      headColumns.map { cols in
        // [pos, d_head] · [pos, d_head]ᵀ -> [pos, pos]
        Matrix.matmul(q.columns(cols), transposing: k.columns(cols)).scaled(by: scale)
      })
  }

  /// `pattern_h · V_h` for every head h, side by side: z.
  /// `[head · queries, keys], [keys, d_model] -> [queries, d_model]`
  func weightedValues(_ pattern: Matrix, _ v: Matrix) -> Matrix {
    let queries = pattern.rows / config.nHeads
    return concatenatingColumns(
      headColumns.enumerated().map { h, cols in
        // [queries, keys] · [keys, d_head] -> [queries, d_head]
        Matrix.matmul(pattern.rows((h * queries)..<((h + 1) * queries)), v.columns(cols))
      })
  }

  /// Each head's output through its own rows of `W_O` (bias excluded), side by side.
  /// `[pos, d_model] -> [pos, head · d_model]`
  func headResults(_ z: Matrix, _ wO: Matrix) -> Matrix {
    concatenatingColumns(
      headColumns.map { cols in
        Matrix.matmul(z.columns(cols), wO.rows(cols))  // [pos, d_head] · [d_head, d_model]
      })
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
public func causallyMasked(_ scores: Matrix, queries: Int? = nil) -> Matrix {
  let queries = queries ?? scores.cols
  guard queries > 0 else { return scores }
  let offset = scores.cols - queries  // positions before the first query
  var out = scores
  for r in 0..<scores.rows {
    let query = offset + r % queries
    for key in (query + 1)..<max(query + 1, scores.cols) { out[r, key] = -.infinity }
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

/// Places matrices with equal column counts one under the other. `n × [r_i, c] -> [Σ r_i, c]`
public func stackedRows(_ parts: [Matrix]) -> Matrix {
  Matrix(
    rows: parts.reduce(0) { $0 + $1.rows }, cols: parts.first?.cols ?? 0,
    data: parts.flatMap(\.data))
}
