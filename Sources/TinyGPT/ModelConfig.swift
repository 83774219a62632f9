/// The activation function inside the MLP (TransformerLens `act_fn`).
public enum ActivationFunction: String, Codable, Sendable, CaseIterable {
  case relu
  /// The exact GELU, `x · Φ(x)`, using erf.
  case gelu
  /// GPT-2's tanh approximation of GELU.
  case geluNew = "gelu_new"
}

/// Whether the model has LayerNorms (TransformerLens `normalization_type`: `"LN"` or `null`).
public enum NormalizationType: String, Codable, Sendable, CaseIterable {
  case layerNorm = "LN"
}

/// How positions enter the residual stream (TransformerLens `positional_embedding_type`).
public enum PositionalEmbeddingType: String, Codable, Sendable, CaseIterable {
  /// A learned table `transformer.wpe.weight [n_ctx, d_model]`.
  case standard
  /// The fixed sin/cos encoding of "Attention Is All You Need".
  case sinusoidal
  /// No positional information at all.
  case none
}

/// The shape of a model, with TransformerLens's field names.
public struct ModelConfig: Codable, Equatable, Sendable {
  public var nLayers: Int
  public var dModel: Int
  public var nHeads: Int
  public var dMLP: Int
  public var nCtx: Int
  public var dVocab: Int
  public var actFn: ActivationFunction
  /// `nil` means no LayerNorm anywhere.
  public var normalizationType: NormalizationType?
  public var positionalEmbeddingType: PositionalEmbeddingType
  public var lnEps: Float
  /// Whether the unembedding reuses `transformer.wte.weight` (GPT-2 ties them).
  public var tieWordEmbeddings: Bool

  /// The width of one head, `d_model / n_heads`.
  public var dHead: Int { nHeads > 0 ? dModel / nHeads : 0 }

  public init(
    nLayers: Int, dModel: Int, nHeads: Int, dMLP: Int, nCtx: Int, dVocab: Int,
    actFn: ActivationFunction = .geluNew, normalizationType: NormalizationType? = .layerNorm,
    positionalEmbeddingType: PositionalEmbeddingType = .standard, lnEps: Float = 1e-5,
    tieWordEmbeddings: Bool = true
  ) {
    self.nLayers = nLayers
    self.dModel = dModel
    self.nHeads = nHeads
    self.dMLP = dMLP
    self.nCtx = nCtx
    self.dVocab = dVocab
    self.actFn = actFn
    self.normalizationType = normalizationType
    self.positionalEmbeddingType = positionalEmbeddingType
    self.lnEps = lnEps
    self.tieWordEmbeddings = tieWordEmbeddings
  }

  enum CodingKeys: String, CodingKey {
    case nLayers = "n_layers", dModel = "d_model", nHeads = "n_heads", dHead = "d_head"
    case dMLP = "d_mlp", nCtx = "n_ctx", dVocab = "d_vocab", actFn = "act_fn"
    case normalizationType = "normalization_type"
    case positionalEmbeddingType = "positional_embedding_type"
    case lnEps = "ln_eps", tieWordEmbeddings = "tie_word_embeddings"
  }

  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    nLayers = try c.decode(Int.self, forKey: .nLayers)
    dModel = try c.decode(Int.self, forKey: .dModel)
    nHeads = try c.decode(Int.self, forKey: .nHeads)
    dMLP = try c.decode(Int.self, forKey: .dMLP)
    nCtx = try c.decode(Int.self, forKey: .nCtx)
    dVocab = try c.decode(Int.self, forKey: .dVocab)
    actFn = try c.decode(ActivationFunction.self, forKey: .actFn)
    normalizationType = try c.decodeIfPresent(NormalizationType.self, forKey: .normalizationType)
    positionalEmbeddingType = try c.decode(
      PositionalEmbeddingType.self, forKey: .positionalEmbeddingType)
    lnEps = try c.decodeIfPresent(Float.self, forKey: .lnEps) ?? 1e-5
    tieWordEmbeddings = try c.decodeIfPresent(Bool.self, forKey: .tieWordEmbeddings) ?? true
    if let dHead = try c.decodeIfPresent(Int.self, forKey: .dHead), dHead != self.dHead {
      throw ModelError.invalidConfig(
        field: "d_head", reason: "must equal d_model / n_heads (\(self.dHead)), got \(dHead)")
    }
    try validate()
  }

  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(nLayers, forKey: .nLayers)
    try c.encode(dModel, forKey: .dModel)
    try c.encode(nHeads, forKey: .nHeads)
    try c.encode(dHead, forKey: .dHead)
    try c.encode(dMLP, forKey: .dMLP)
    try c.encode(nCtx, forKey: .nCtx)
    try c.encode(dVocab, forKey: .dVocab)
    try c.encode(actFn, forKey: .actFn)
    try c.encode(normalizationType, forKey: .normalizationType)  // null when absent
    try c.encode(positionalEmbeddingType, forKey: .positionalEmbeddingType)
    try c.encode(lnEps, forKey: .lnEps)
    try c.encode(tieWordEmbeddings, forKey: .tieWordEmbeddings)
  }

  /// Throws `ModelError.invalidConfig` naming the first field that makes no sense.
  public func validate() throws {
    func check(_ ok: Bool, _ field: String, _ reason: String) throws {
      if !ok { throw ModelError.invalidConfig(field: field, reason: reason) }
    }
    try check(nLayers >= 1, "n_layers", "must be at least 1, got \(nLayers)")
    try check(dModel >= 1, "d_model", "must be at least 1, got \(dModel)")
    try check(nHeads >= 1, "n_heads", "must be at least 1, got \(nHeads)")
    try check(dModel % nHeads == 0, "n_heads", "must divide d_model (\(dModel)), got \(nHeads)")
    try check(dMLP >= 1, "d_mlp", "must be at least 1, got \(dMLP)")
    try check(nCtx >= 1, "n_ctx", "must be at least 1, got \(nCtx)")
    try check(dVocab >= 1, "d_vocab", "must be at least 1, got \(dVocab)")
    try check(lnEps > 0 && lnEps.isFinite, "ln_eps", "must be a positive number, got \(lnEps)")
    try check(
      positionalEmbeddingType != .sinusoidal || dModel % 2 == 0, "d_model",
      "must be even for the sinusoidal positional encoding, got \(dModel)")
  }
}
