import TinyGPT

extension Options {
  static let nLayers = Option.integer(
    "--n-layers", in: 1...1000, help: "Transformer blocks (default 2).")
  static let dModel = Option.integer(
    "--d-model", in: 1...100_000, help: "Width of the residual stream (default 16).")
  static let nHeads = Option.integer(
    "--n-heads", in: 1...10_000, help: "Attention heads per block; must divide d_model (default 2)."
  )
  static let dMLP = Option.integer(
    "--d-mlp", in: 1...1_000_000, help: "Width of the MLP's hidden layer (default 4 × d_model).")
  static let nCtx = Option.integer(
    "--n-ctx", in: 1...1_000_000, help: "Context window in tokens (default 16).")
  static let dVocab = Option.integer(
    "--d-vocab", in: 1...10_000_000, help: "Vocabulary size (default: the tokenizer's).")
  static let actFn = Option<ActivationFunction>.choice(
    "--act-fn", among: ActivationFunction.allCases.map(\.rawValue),
    help: "MLP activation function (default gelu_new)."
  ) { ActivationFunction(rawValue: $0) }
  static let normalization = Option<NormalizationType?>.choice(
    "--normalization", among: ["LN", "none"], help: "LayerNorm or none (default LN)."
  ) {
    switch $0.lowercased() {
    case "ln": .some(.layerNorm)
    case "none": .some(nil)
    default: nil
    }
  }
  static let positional = Option<PositionalEmbeddingType>.choice(
    "--positional", among: PositionalEmbeddingType.allCases.map(\.rawValue),
    help: "Positional encoding (default standard)."
  ) { PositionalEmbeddingType(rawValue: $0) }
  static let untied = Option.flag(
    "--untied",
    help: "Give the unembedding its own matrix (lm_head.weight) instead of reusing wte.")
}

/// The model-shape options shared by `init` and `train`, named after the config fields.
struct ConfigOptions {
  var nLayers, dModel, nHeads, dMLP, nCtx, dVocab: Int?
  var actFn: ActivationFunction?
  var normalization: NormalizationType??
  var positional: PositionalEmbeddingType?
  var untied: Bool

  static let specs = [
    Options.nLayers.spec, Options.dModel.spec, Options.nHeads.spec, Options.dMLP.spec,
    Options.nCtx.spec, Options.dVocab.spec, Options.actFn.spec, Options.normalization.spec,
    Options.positional.spec, Options.untied.spec,
  ]

  init(parsing arguments: inout Arguments) throws {
    nLayers = try arguments.value(Options.nLayers)
    dModel = try arguments.value(Options.dModel)
    nHeads = try arguments.value(Options.nHeads)
    dMLP = try arguments.value(Options.dMLP)
    nCtx = try arguments.value(Options.nCtx)
    dVocab = try arguments.value(Options.dVocab)
    actFn = try arguments.value(Options.actFn)
    normalization = try arguments.value(Options.normalization)
    positional = try arguments.value(Options.positional)
    untied = arguments.isSet(Options.untied)
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
