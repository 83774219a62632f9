// The forward pass, written once. Every intermediate value goes through its hook, on the line
// next to the math that made it, and the value the hook returns is the one that flows on.

extension Model {
  /// Runs the model on `tokens` (at most `n_ctx` of them) and returns the logits.
  /// `[pos] -> [pos, d_vocab]`
  public func forward<H: Hooks>(_ tokens: [Int], hooks: inout H) -> Matrix {
    var cache: KeyValueCache? = nil
    return forward(tokens, hooks: &hooks, cache: &cache, logits: .all)
  }

  /// Runs `tokens`, the positions after the `cache.count` ones the cache holds (all of them
  /// without a cache), adding their keys and values to the cache. Returns the logits of every
  /// new position, or of the last one only when `logits` is `.last` and no hook wants the
  /// values of the unembedding. `[new] -> [new or 1, d_vocab]`
  func forward<H: Hooks>(
    _ tokens: [Int], hooks: inout H, cache: inout KeyValueCache?, logits: LogitRows
  ) -> Matrix {
    let start = cache?.count ?? 0
    precondition(
      !tokens.isEmpty && start + tokens.count <= config.nCtx, "forward: 1...n_ctx tokens")
    var x = embed(tokens, from: start, &hooks)  // [new] -> [new, d_model]
    for (layer, block) in parameters.blocks.enumerated() {
      x = self.block(x, block, layer, &hooks, &cache)  // [new, d_model] -> [new, d_model]
    }
    cache?.count += tokens.count
    return unembed(x, &hooks, logits)  // [new, d_model] -> [new or 1, d_vocab]
  }

  /// Runs the model without hooks.
  public func forward(_ tokens: [Int]) -> Matrix {
    var hooks = NoHooks()
    return forward(tokens, hooks: &hooks)
  }

  /// Token embedding plus positional encoding of positions `start...`: the start of the
  /// residual stream.
  func embed<H: Hooks>(_ tokens: [Int], from start: Int, _ hooks: inout H) -> Matrix {
    let wte = parameters.tokenEmbedding
    // [pos] -> [pos, d_model]: row `id` of the embedding for each token
    let embed = hooks(.embed, nil, stackedRows(tokens.map { wte.rows($0..<($0 + 1)) }))
    let positions = start..<(start + tokens.count)
    let positional: Matrix? =
      switch config.positionalEmbeddingType {
      case .standard: parameters.positionEmbedding?.rows(positions)  // [pos, d_model]
      case .sinusoidal:
        sinusoidalEncoding(positions: positions.upperBound, dModel: config.dModel).rows(positions)
      case .none: nil
      }
    guard let positional else { return embed }
    return embed + hooks(.posEmbed, nil, positional)
  }

  /// One pre-norm block: `x + attn(ln1(x))`, then `x + mlp(ln2(x))`. `[pos, d_model]`
  func block<H: Hooks>(
    _ x: Matrix, _ b: BlockParameters, _ layer: Int, _ hooks: inout H,
    _ cache: inout KeyValueCache?
  ) -> Matrix {
    let x = hooks(.residPre, layer, x)
    let attnIn = normalize(x, b.ln1, (.ln1Scale, .ln1Normalized, .ln1Out), layer, &hooks)
    let attnOut = hooks(.attnOut, layer, attention(attnIn, b, layer, &hooks, &cache))
    let mid = hooks(.residMid, layer, x + attnOut)
    let mlpIn = normalize(mid, b.ln2, (.ln2Scale, .ln2Normalized, .ln2Out), layer, &hooks)
    let mlpOut = hooks(.mlpOut, layer, mlp(mlpIn, b, layer, &hooks))
    return hooks(.residPost, layer, mid + mlpOut)
  }

  /// A LayerNorm with its three hooks, or the identity when the model has none.
  func normalize<H: Hooks>(
    _ x: Matrix, _ p: LayerNormParameters?, _ points: (HookPoint, HookPoint, HookPoint),
    _ layer: Int?, _ hooks: inout H
  ) -> Matrix {
    guard let p else { return x }
    let means = rowMeans(x)  // [pos, d_model] -> [pos]
    // [pos, d_model] -> [pos, 1]
    let scale = hooks(points.0, layer, layerNormScale(x, means: means, eps: config.lnEps))
    // [pos, d_model], [pos, 1] -> [pos, d_model]
    let normalized = hooks(points.1, layer, layerNormCentred(x, means: means, scale: scale))
    return hooks(points.2, layer, normalized.scaledColumns(p.weight).addingRowVector(p.bias))
  }

  /// The MLP: up-projection, activation function, down-projection.
  func mlp<H: Hooks>(_ x: Matrix, _ b: BlockParameters, _ layer: Int, _ hooks: inout H) -> Matrix {
    // [pos, d_model] -> [pos, d_mlp]
    let pre = hooks(.mlpPre, layer, Matrix.matmul(x, b.fcWeight).addingRowVector(b.fcBias))
    let act = config.actFn
    let post = hooks(.mlpPost, layer, pre.parallelMap { act($0) })
    return Matrix.matmul(post, b.mlpProjWeight).addingRowVector(b.mlpProjBias)  // -> [pos, d_model]
  }

  /// Final LayerNorm, then logits against the unembedding; `hook_probs` sees their softmax.
  /// With `.last` and no hook wanting these values, only the last row is computed.
  func unembed<H: Hooks>(_ x: Matrix, _ hooks: inout H, _ rows: LogitRows) -> Matrix {
    let points: (HookPoint, HookPoint, HookPoint) = (.lnFinalScale, .lnFinalNormalized, .lnFinalOut)
    let watched = [points.0, points.1, points.2, .logits, .probs].contains { hooks.wants($0, nil) }
    let x = rows == .last && !watched ? x.rows((x.rows - 1)..<x.rows) : x  // [pos or 1, d_model]
    let normed = normalize(x, parameters.finalNorm, points, nil, &hooks)
    // [pos, d_model] · [d_vocab, d_model]ᵀ -> [pos, d_vocab]
    let logits = hooks(.logits, nil, Matrix.matmul(normed, transposing: parameters.outputEmbedding))
    if hooks.wants(ActivationName(.probs)) { _ = hooks(.probs, nil, softmaxRows(logits)) }
    return logits
  }
}

/// Which positions' logits a forward pass must return.
enum LogitRows {
  case all
  /// Only the last position's (generation and prediction need no more).
  case last
}
