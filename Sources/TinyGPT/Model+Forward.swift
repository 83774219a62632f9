// The forward pass, written once. Every intermediate value goes through its hook, on the line
// next to the math that made it, and the value the hook returns is the one that flows on.

extension Model {
  /// Runs the model on `tokens` (at most `n_ctx` of them) and returns the logits.
  /// `[pos] -> [pos, d_vocab]`
  public func forward<H: Hooks>(_ tokens: [Int], hooks: inout H) -> Matrix {
    precondition(!tokens.isEmpty && tokens.count <= config.nCtx, "forward: 1...n_ctx tokens")
    var x = embed(tokens, &hooks)  // [pos] -> [pos, d_model]
    for (layer, block) in parameters.blocks.enumerated() {
      x = self.block(x, block, layer, &hooks)  // [pos, d_model] -> [pos, d_model]
    }
    return unembed(x, &hooks)  // [pos, d_model] -> [pos, d_vocab]
  }

  /// Runs the model without hooks.
  public func forward(_ tokens: [Int]) -> Matrix {
    var hooks = NoHooks()
    return forward(tokens, hooks: &hooks)
  }

  /// Token embedding plus positional encoding: the start of the residual stream.
  func embed<H: Hooks>(_ tokens: [Int], _ hooks: inout H) -> Matrix {
    let wte = parameters.tokenEmbedding
    var embed = Matrix(rows: tokens.count, cols: config.dModel)  // [pos, d_model]
    for (p, id) in tokens.enumerated() {
      for c in 0..<config.dModel { embed[p, c] = wte[id, c] }
    }
    embed = hooks(.embed, nil, embed)
    let positional: Matrix? =
      switch config.positionalEmbeddingType {
      case .standard: parameters.positionEmbedding?.rows(0..<tokens.count)  // [pos, d_model]
      case .sinusoidal: sinusoidalEncoding(positions: tokens.count, dModel: config.dModel)
      case .none: nil
      }
    guard let positional else { return embed }
    return embed + hooks(.posEmbed, nil, positional)
  }

  /// One pre-norm block: `x + attn(ln1(x))`, then `x + mlp(ln2(x))`. `[pos, d_model]`
  func block<H: Hooks>(_ x: Matrix, _ b: BlockParameters, _ layer: Int, _ hooks: inout H) -> Matrix
  {
    let x = hooks(.residPre, layer, x)
    let attnIn = normalize(x, b.ln1, (.ln1Scale, .ln1Normalized, .ln1Out), layer, &hooks)
    let attnOut = hooks(.attnOut, layer, attention(attnIn, b, layer, &hooks))
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
    let scale = hooks(points.0, layer, layerNormScale(x, eps: config.lnEps))  // [pos, 1]
    let normalized = hooks(points.1, layer, layerNormCentred(x, scale: scale))  // [pos, d_model]
    return hooks(points.2, layer, normalized.scaledColumns(p.weight).addingRowVector(p.bias))
  }

  /// The MLP: up-projection, activation function, down-projection.
  func mlp<H: Hooks>(_ x: Matrix, _ b: BlockParameters, _ layer: Int, _ hooks: inout H) -> Matrix {
    // [pos, d_model] -> [pos, d_mlp]
    let pre = hooks(.mlpPre, layer, Matrix.matmul(x, b.fcWeight).addingRowVector(b.fcBias))
    let post = hooks(.mlpPost, layer, pre.map(config.actFn.callAsFunction))
    return Matrix.matmul(post, b.mlpProjWeight).addingRowVector(b.mlpProjBias)  // -> [pos, d_model]
  }

  /// Final LayerNorm, then logits against the unembedding; `hook_probs` sees their softmax.
  func unembed<H: Hooks>(_ x: Matrix, _ hooks: inout H) -> Matrix {
    let points: (HookPoint, HookPoint, HookPoint) = (.lnFinalScale, .lnFinalNormalized, .lnFinalOut)
    let normed = normalize(x, parameters.finalNorm, points, nil, &hooks)
    // [pos, d_model] · [d_vocab, d_model]ᵀ -> [pos, d_vocab]
    let logits = hooks(.logits, nil, Matrix.matmul(normed, transposing: parameters.outputEmbedding))
    if hooks.wants(ActivationName(.probs)) { _ = hooks(.probs, nil, softmaxRows(logits)) }
    return logits
  }
}
