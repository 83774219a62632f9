import TinyGPT

extension ViewInputs {
  /// The weights that turn a residual stream into logits: the final LayerNorm's weight and bias
  /// (models with LayerNorm) and the unembedding W_U.
  static func readoutWeights(_ config: ModelConfig) -> [WeightInput] {
    let norm: [WeightInput] =
      config.normalizationType == nil
      ? [] : [.model("transformer.ln_f.weight"), .model("transformer.ln_f.bias")]
    return norm + [.unembedding(config)]
  }

  /// The final LayerNorm (nil for models without one) and W_U `[d_vocab, d_model]`, from the
  /// weights the trace carries; throws `MissingWeights` when it lacks one.
  func readout(_ config: ModelConfig) throws -> (norm: LayerNormParameters?, unembedding: Matrix) {
    func read(_ input: WeightInput) throws -> Matrix {
      guard let m = try weight(input) else { throw MissingWeights(name: input.description) }
      return m
    }
    let unembedding = try read(.unembedding(config))  // [d_vocab, d_model]
    guard config.normalizationType != nil else { return (nil, unembedding) }
    let norm = LayerNormParameters(
      weight: try read(.model("transformer.ln_f.weight")).data,
      bias: try read(.model("transformer.ln_f.bias")).data)
    return (norm, unembedding)
  }
}
