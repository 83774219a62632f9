import TensorFiles

/// The settings of a Hugging Face GPT-2 `config.json` (`GPT2Config`), with its defaults, and
/// their translation to a `ModelConfig`. Settings the forward pass does not implement are
/// refused by name.
struct HuggingFaceConfig {
  /// A scalar JSON value; objects and arrays are kept only as "present".
  enum Value: Equatable {
    case number(Double), string(String), bool(Bool), null, compound
  }

  var values: [String: Value]

  /// Parses the top-level object of `config.json`.
  init(bytes: [UInt8], path: String) throws {
    var values: [String: Value] = [:]
    do {
      try bytes.withUnsafeBufferPointer { buffer in
        var s = JSONScanner(buffer)
        try s.readObject { s, key in
          switch try s.peek() {
          case UInt8(ascii: "\""): values[key] = .string(try s.readString())
          case UInt8(ascii: "t"), UInt8(ascii: "f"): values[key] = .bool(try s.readBool())
          case UInt8(ascii: "n"):
            _ = try s.readNullIfPresent()
            values[key] = .null
          case UInt8(ascii: "{"), UInt8(ascii: "["):
            try s.skipValue()
            values[key] = .compound
          default: values[key] = .number(try s.readDouble())
          }
        }
        guard s.isAtEnd() else {
          throw JSONSyntaxError.malformed(offset: s.offset, expected: "the end of the file")
        }
      }
    } catch let error as JSONSyntaxError {
      throw HuggingFaceFolderError.badFile(path, reason: "\(error)")
    }
    self.values = values
  }

  /// A whole number setting, or `fallback` when absent (or null, when `nullMeans` is given).
  func integer(_ key: String, default fallback: Int) throws -> Int {
    switch values[key] {
    case nil, .null: return fallback
    case .number(let x) where x == x.rounded() && abs(x) < 1e15: return Int(x)
    default:
      throw HuggingFaceFolderError.badFile("config.json", reason: "\(key) is not a whole number")
    }
  }

  func bool(_ key: String, default fallback: Bool) throws -> Bool {
    switch values[key] {
    case nil, .null: return fallback
    case .bool(let b): return b
    default:
      throw HuggingFaceFolderError.badFile("config.json", reason: "\(key) is not true or false")
    }
  }

  func string(_ key: String) throws -> String? {
    switch values[key] {
    case nil, .null: return nil
    case .string(let s): return s
    default: throw HuggingFaceFolderError.badFile("config.json", reason: "\(key) is not a string")
    }
  }

  /// The activation functions by their Hugging Face names (`gelu_pytorch_tanh` is GPT-2's own
  /// tanh approximation under another name).
  static let activations: [String: ActivationFunction] = [
    "gelu_new": .geluNew, "gelu_pytorch_tanh": .geluNew, "gelu": .gelu, "relu": .relu,
  ]

  /// The model config, refusing what the forward pass cannot run.
  func modelConfig() throws -> ModelConfig {
    if let type = try string("model_type"), type != "gpt2" {
      throw HuggingFaceFolderError.unsupported(
        setting: "model_type \(excerpt(type))", reason: "only gpt2 checkpoints can be run")
    }
    if try bool("scale_attn_by_inverse_layer_idx", default: false) {
      throw HuggingFaceFolderError.unsupported(
        setting: "scale_attn_by_inverse_layer_idx true",
        reason: "attention scores are scaled by 1/sqrt(d_head) only")
    }
    if try !bool("scale_attn_weights", default: true) {
      throw HuggingFaceFolderError.unsupported(
        setting: "scale_attn_weights false",
        reason: "attention scores are always scaled by 1/sqrt(d_head)")
    }
    if try bool("add_cross_attention", default: false) {
      throw HuggingFaceFolderError.unsupported(
        setting: "add_cross_attention true", reason: "there is no cross-attention")
    }
    let activationName = try string("activation_function") ?? "gelu_new"
    guard let actFn = Self.activations[activationName] else {
      throw HuggingFaceFolderError.unsupported(
        setting: "activation_function \(excerpt(activationName))",
        reason: "supported: " + Self.activations.keys.sorted().joined(separator: ", "))
    }
    let dModel = try integer("n_embd", default: 768)
    let epsilon: Double
    switch values["layer_norm_epsilon"] {
    case nil, .null: epsilon = 1e-5
    case .number(let x): epsilon = x
    default:
      throw HuggingFaceFolderError.badFile(
        "config.json", reason: "layer_norm_epsilon is not a number")
    }
    let config = ModelConfig(
      nLayers: try integer("n_layer", default: 12), dModel: dModel,
      nHeads: try integer("n_head", default: 12),
      dMLP: try integer("n_inner", default: dModel.multipliedReportingOverflow(by: 4).partialValue),
      nCtx: try integer("n_positions", default: try integer("n_ctx", default: 1024)),
      dVocab: try integer("vocab_size", default: 50257), actFn: actFn,
      normalizationType: .layerNorm, positionalEmbeddingType: .standard, lnEps: Float(epsilon),
      tieWordEmbeddings: try bool("tie_word_embeddings", default: true))
    do {
      try config.validate()
    } catch {
      throw HuggingFaceFolderError.badFile("config.json", reason: "\(error)")
    }
    return config
  }
}
