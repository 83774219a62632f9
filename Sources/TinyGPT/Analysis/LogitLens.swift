/// The logit lens: the residual stream after the embeddings and after every block, read as if
/// it were the last one, through the final LayerNorm (its weight and bias; nothing for models
/// without LayerNorm) and the unembedding, then softmax.
public struct LogitLens: Equatable, Sendable {
  /// One read-out of the residual stream.
  public struct Layer: Equatable, Sendable {
    /// The hook read: `blocks.0.hook_resid_pre` (the embeddings), then each `hook_resid_post`.
    public var name: ActivationName
    /// The next-token probabilities at every position. `[pos, d_vocab]`
    public var probabilities: Matrix

    /// The `count` most probable tokens at `position`, best first.
    public func top(_ count: Int, at position: Int) -> [(id: Int, probability: Float)] {
      topCandidates(probabilities.row(position), count: count)
    }
  }

  public var layers: [Layer]

  /// The hooks the lens reads for `config`, in order.
  public static func names(for config: ModelConfig) -> [ActivationName] {
    [ActivationName(.residPre, layer: 0)]
      + (0..<config.nLayers).map { ActivationName(.residPost, layer: $0) }
  }

  /// The lens of residual streams `streams` (each `[pos, d_model]`, under its hook name),
  /// with the final LayerNorm `finalNorm` (nil: none) and the unembedding `[d_vocab, d_model]`.
  public init(
    streams: [(name: ActivationName, value: Matrix)], finalNorm: LayerNormParameters?,
    eps: Float, unembedding: Matrix
  ) {
    layers = streams.map { name, x in
      let normed = finalNorm.map { layerNorm(x, $0, eps: eps).out } ?? x  // [pos, d_model]
      // [pos, d_model] · [d_vocab, d_model]ᵀ -> [pos, d_vocab]
      let logits = Matrix.matmul(normed, transposing: unembedding)
      return Layer(name: name, probabilities: softmaxRows(logits))
    }
  }
}

extension Model {
  /// The logit lens of one forward pass over `tokens` (valid ids, at most `n_ctx`) with
  /// `interventions` applied: the streams are the values that flowed in that run.
  public func logitLens(
    _ tokens: [Int], interventions: [Intervention] = [], patchValues: [PatchTarget: Tensor] = [:]
  ) -> LogitLens {
    let names = LogitLens.names(for: config)
    var hooks = Intervening(
      interventions, patchValues: patchValues, inner: ActivationCollector(names))
    _ = forward(tokens, hooks: &hooks)
    let streams = names.compactMap { name in hooks.inner.matrix(name).map { (name, $0) } }
    return LogitLens(
      streams: streams, finalNorm: parameters.finalNorm, eps: config.lnEps,
      unembedding: parameters.outputEmbedding)
  }
}
