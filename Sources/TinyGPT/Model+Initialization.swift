extension Model {
  /// A freshly initialised model, as GPT-2 initialises one (nanoGPT's `_init_weights`).
  ///
  /// Every matrix is drawn from N(0, 0.02²), the residual output projections
  /// (`attn.c_proj`, `mlp.c_proj`) from N(0, (0.02/√(2·n_layers))²); biases are 0 and
  /// LayerNorm weights 1. The same seed always gives the same weights.
  public static func randomlyInitialized(
    config: ModelConfig, tokenizer: Tokenizer, seed: UInt64, metadata: [String: String] = [:]
  ) throws -> Model {
    try config.validate()
    guard tokenizer.vocabulary.count == config.dVocab else {
      throw ModelError.invalidConfig(
        field: "d_vocab",
        reason:
          "must equal the tokenizer's vocabulary size (\(tokenizer.vocabulary.count)), got \(config.dVocab)"
      )
    }
    var rng = RandomSource(seed: seed)
    let d = config.dModel
    let projStd = 0.02 / (2 * Double(config.nLayers)).squareRoot()
    func normal(_ rows: Int, _ cols: Int, std: Double = 0.02) -> Matrix {
      var m = Matrix(rows: rows, cols: cols)
      for i in m.data.indices { m.data[i] = Float(rng.nextGaussian() * std) }
      return m
    }
    func zeros(_ n: Int) -> [Float] { [Float](repeating: 0, count: n) }
    let hasLN = config.normalizationType != nil
    let wte = normal(config.dVocab, d)
    let wpe = config.positionalEmbeddingType == .standard ? normal(config.nCtx, d) : nil
    let blocks = (0..<config.nLayers).map { _ in
      BlockParameters(
        ln1: hasLN ? LayerNormParameters(width: d) : nil,
        attnWeight: normal(d, 3 * d), attnBias: zeros(3 * d),
        attnProjWeight: normal(d, d, std: projStd), attnProjBias: zeros(d),
        ln2: hasLN ? LayerNormParameters(width: d) : nil,
        fcWeight: normal(d, config.dMLP), fcBias: zeros(config.dMLP),
        mlpProjWeight: normal(config.dMLP, d, std: projStd), mlpProjBias: zeros(d))
    }
    let lmHead = config.tieWordEmbeddings ? nil : normal(config.dVocab, d)
    let parameters = Parameters(
      tokenEmbedding: wte, positionEmbedding: wpe, blocks: blocks,
      finalNorm: hasLN ? LayerNormParameters(width: d) : nil, unembedding: lmHead)
    return Model(config: config, tokenizer: tokenizer, parameters: parameters, metadata: metadata)
  }
}
