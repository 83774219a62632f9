// The forward pass, written once. Every intermediate value is offered to the recorder under
// its TransformerLens name, on the line next to the math that made it.

extension Model {
  /// Runs the model on `tokens` (at most `n_ctx` of them) and returns the logits.
  /// `[pos] -> [pos, d_vocab]`
  ///
  /// `masking: .none` lets every position attend to every other (for experiments that show
  /// what the causal mask does); the model is always trained and run with `.causal`.
  public func forward<R: Recorder>(
    _ tokens: [Int], recorder: inout R, masking: AttentionMasking = .causal
  ) -> Matrix {
    precondition(!tokens.isEmpty && tokens.count <= config.nCtx, "forward: 1...n_ctx tokens")
    var x = embed(tokens, recorder: &recorder)  // [pos] -> [pos, d_model]
    for (layer, block) in parameters.blocks.enumerated() {
      // [pos, d_model] -> [pos, d_model]
      x = self.block(x, block, layer: layer, masking: masking, recorder: &recorder)
    }
    return unembed(x, recorder: &recorder)  // [pos, d_model] -> [pos, d_vocab]
  }

  /// Runs the model without recording anything.
  public func forward(_ tokens: [Int]) -> Matrix {
    var recorder = NoRecorder()
    return forward(tokens, recorder: &recorder)
  }

  /// Token embedding plus positional encoding: the start of the residual stream.
  func embed<R: Recorder>(_ tokens: [Int], recorder: inout R) -> Matrix {
    let wte = parameters.tokenEmbedding
    var embed = Matrix(rows: tokens.count, cols: config.dModel)  // [pos, d_model]
    for (p, id) in tokens.enumerated() {
      for c in 0..<config.dModel { embed[p, c] = wte[id, c] }
    }
    recorder.record(ActivationName(.embed), embed.tensor)
    let positional: Matrix? =
      switch config.positionalEmbeddingType {
      case .standard: parameters.positionEmbedding?.rows(0..<tokens.count)  // [pos, d_model]
      case .sinusoidal: sinusoidalEncoding(positions: tokens.count, dModel: config.dModel)
      case .none: nil
      }
    guard let positional else { return embed }
    recorder.record(ActivationName(.posEmbed), positional.tensor)
    return embed + positional
  }

  /// One pre-norm block: `x + attn(ln1(x))`, then `x + mlp(ln2(x))`. `[pos, d_model]`
  func block<R: Recorder>(
    _ x: Matrix, _ b: BlockParameters, layer: Int, masking: AttentionMasking, recorder: inout R
  ) -> Matrix {
    recorder.record(ActivationName(.residPre, layer: layer), x.tensor)
    let attnIn = normalize(x, b.ln1, hooks: (.ln1Scale, .ln1Normalized, .ln1Out), layer, &recorder)
    let attnOut = attention(attnIn, b, layer: layer, masking: masking, recorder: &recorder)
    recorder.record(ActivationName(.attnOut, layer: layer), attnOut.tensor)
    let residMid = x + attnOut
    recorder.record(ActivationName(.residMid, layer: layer), residMid.tensor)
    let mlpIn = normalize(
      residMid, b.ln2, hooks: (.ln2Scale, .ln2Normalized, .ln2Out), layer, &recorder)
    let mlpOut = mlp(mlpIn, b, layer: layer, recorder: &recorder)
    recorder.record(ActivationName(.mlpOut, layer: layer), mlpOut.tensor)
    let residPost = residMid + mlpOut
    recorder.record(ActivationName(.residPost, layer: layer), residPost.tensor)
    return residPost
  }

  /// A LayerNorm with its three hooks, or the identity when the model has none.
  func normalize<R: Recorder>(
    _ x: Matrix, _ p: LayerNormParameters?, hooks: (HookPoint, HookPoint, HookPoint),
    _ layer: Int?, _ recorder: inout R
  ) -> Matrix {
    guard let p else { return x }
    func name(_ point: HookPoint) -> ActivationName {
      if let layer { ActivationName(point, layer: layer) } else { ActivationName(point) }
    }
    let ln = layerNorm(x, p, eps: config.lnEps)
    recorder.record(name(hooks.0), ln.scale.tensor)  // [pos, 1]
    recorder.record(name(hooks.1), ln.normalized.tensor)
    recorder.record(name(hooks.2), ln.out.tensor)
    return ln.out
  }

  /// The MLP: up-projection, activation function, down-projection.
  func mlp<R: Recorder>(_ x: Matrix, _ b: BlockParameters, layer: Int, recorder: inout R) -> Matrix
  {
    // [pos, d_model] -> [pos, d_mlp]
    let pre = Matrix.matmul(x, b.fcWeight).addingRowVector(b.fcBias)
    recorder.record(ActivationName(.mlpPre, layer: layer), pre.tensor)
    let post = pre.map(config.actFn.callAsFunction)
    recorder.record(ActivationName(.mlpPost, layer: layer), post.tensor)
    return Matrix.matmul(post, b.mlpProjWeight).addingRowVector(b.mlpProjBias)  // -> [pos, d_model]
  }

  /// Final LayerNorm, then logits against the unembedding; records the probabilities too.
  func unembed<R: Recorder>(_ x: Matrix, recorder: inout R) -> Matrix {
    let hooks: (HookPoint, HookPoint, HookPoint) = (.lnFinalScale, .lnFinalNormalized, .lnFinalOut)
    let normed = normalize(x, parameters.finalNorm, hooks: hooks, nil, &recorder)
    // [pos, d_model] · [d_vocab, d_model]ᵀ -> [pos, d_vocab]
    let logits = Matrix.matmul(normed, transposing: parameters.outputEmbedding)
    recorder.record(ActivationName(.logits), logits.tensor)
    recorder.record(ActivationName(.probs), softmaxRows(logits).tensor)
    return logits
  }
}
