import TinyGPT

/// The model-shape options shared by `init` and `train`, named after the config fields.
struct ConfigOptions {
  var nLayers, dModel, nHeads, dMLP, nCtx, dVocab: Int?
  var actFn: ActivationFunction?
  var normalization: NormalizationType??
  var positional: PositionalEmbeddingType?
  var untied: Bool

  static let helpEntries = [
    ("--n-layers <n>", "Transformer blocks (default 2)."),
    ("--d-model <n>", "Width of the residual stream (default 16)."),
    ("--n-heads <n>", "Attention heads per block; must divide d_model (default 2)."),
    ("--d-mlp <n>", "Width of the MLP's hidden layer (default 4 × d_model)."),
    ("--n-ctx <n>", "Context window in tokens (default 16)."),
    ("--d-vocab <n>", "Vocabulary size (default: the tokenizer's)."),
    ("--act-fn <relu|gelu|gelu_new>", "MLP activation function (default gelu_new)."),
    ("--normalization <LN|none>", "LayerNorm or none (default LN)."),
    ("--positional <standard|sinusoidal|none>", "Positional encoding (default standard)."),
    ("--untied", "Give the unembedding its own matrix (lm_head.weight) instead of reusing wte."),
  ]

  init(parsing arguments: inout Arguments) throws {
    nLayers = try arguments.integer("--n-layers", in: 1...1000)
    dModel = try arguments.integer("--d-model", in: 1...100_000)
    nHeads = try arguments.integer("--n-heads", in: 1...10_000)
    dMLP = try arguments.integer("--d-mlp", in: 1...1_000_000)
    nCtx = try arguments.integer("--n-ctx", in: 1...1_000_000)
    dVocab = try arguments.integer("--d-vocab", in: 1...10_000_000)
    actFn = try arguments.option("--act-fn", as: "relu, gelu or gelu_new") {
      ActivationFunction(rawValue: $0)
    }
    normalization = try arguments.option("--normalization", as: "LN or none") {
      text -> NormalizationType?? in
      switch text.lowercased() {
      case "ln": .some(.layerNorm)
      case "none": .some(nil)
      default: nil
      }
    }
    positional = try arguments.option("--positional", as: "standard, sinusoidal or none") {
      PositionalEmbeddingType(rawValue: $0)
    }
    untied = arguments.flag("--untied")
  }

  /// The config these options describe, with defaults for what was not given.
  func modelConfig(dVocab vocabularySize: Int) throws -> ModelConfig {
    let dModel = self.dModel ?? 16
    let config = ModelConfig(
      nLayers: nLayers ?? 2, dModel: dModel, nHeads: nHeads ?? 2, dMLP: dMLP ?? 4 * dModel,
      nCtx: nCtx ?? 16, dVocab: dVocab ?? vocabularySize, actFn: actFn ?? .geluNew,
      normalizationType: normalization ?? .layerNorm,
      positionalEmbeddingType: positional ?? .standard,
      tieWordEmbeddings: !untied)
    do {
      try config.validate()
    } catch let error as ModelError {
      if case .invalidConfig(let field, let reason) = error {
        throw UsageError("--\(field.replacingOccurrences(of: "_", with: "-")) \(reason)")
      }
      throw error
    }
    return config
  }
}
