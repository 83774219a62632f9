import Foundation
import Testing

@testable import TinyGPT

/// Writes GPT-2 checkpoints in the hub's layouts by hand: `config.json` text and safetensors
/// bytes (8-byte length, JSON header, little-endian data), independent of the code under test.
enum HubWriter {
  enum DType: String { case f32 = "F32", f16 = "F16", bf16 = "BF16" }

  /// A float as the dtype rounds it (to nearest even), back in Float32.
  static func rounded(_ x: Float, _ dtype: DType) -> Float {
    switch dtype {
    case .f32: return x
    case .f16: return Float(Float16(x))
    case .bf16:
      let bits = x.bitPattern
      return Float(bitPattern: ((bits &+ 0x7FFF &+ ((bits >> 16) & 1)) >> 16) << 16)
    }
  }

  static func bytes(_ values: [Float], _ dtype: DType) -> [UInt8] {
    var out: [UInt8] = []
    for x in values {
      switch dtype {
      case .f32: withUnsafeBytes(of: x.bitPattern.littleEndian) { out += $0 }
      case .f16: withUnsafeBytes(of: Float16(x).bitPattern.littleEndian) { out += $0 }
      case .bf16:
        withUnsafeBytes(of: UInt16(rounded(x, .bf16).bitPattern >> 16).littleEndian) { out += $0 }
      }
    }
    return out
  }

  /// A safetensors file of `(name, dtype, shape, data bytes)`.
  static func safetensors(_ tensors: [(String, String, [Int], [UInt8])]) -> [UInt8] {
    var header = "{\"__metadata__\": {\"format\": \"pt\"}"
    var offset = 0
    for (name, dtype, shape, data) in tensors {
      header += ", \"\(name)\": {\"dtype\": \"\(dtype)\", \"shape\": \(shape), "
      header += "\"data_offsets\": [\(offset), \(offset + data.count)]}"
      offset += data.count
    }
    header += "}"
    var out: [UInt8] = []
    withUnsafeBytes(of: UInt64(header.utf8.count).littleEndian) { out += $0 }
    out += Array(header.utf8)
    for (_, _, _, data) in tensors { out += data }
    return out
  }

  /// GPT-2 `config.json` for a model config, with extra settings appended.
  static func configJSON(_ c: ModelConfig, extra: String = "") -> String {
    let act = c.actFn == .geluNew ? "gelu_new" : c.actFn.rawValue
    return """
      {"architectures": ["GPT2LMHeadModel"], "model_type": "gpt2", "n_embd": \(c.dModel),
       "n_head": \(c.nHeads), "n_layer": \(c.nLayers), "n_positions": \(c.nCtx),
       "n_ctx": \(c.nCtx), "vocab_size": \(c.dVocab), "n_inner": \(c.dMLP == 4 * c.dModel ? "null" : "\(c.dMLP)"),
       "activation_function": "\(act)", "layer_norm_epsilon": \(c.lnEps),
       "tie_word_embeddings": \(c.tieWordEmbeddings), "attn_pdrop": 0.1\(extra)}
      """
  }
}

@Suite struct HuggingFaceFolderTests {
  /// A seeded model with the fixture's BPE tokenizer padded to 580 tokens.
  static func model(tied: Bool, dMLP: Int = 32) throws -> Model {
    let tokenizer = try HuggingFaceFolder.padded(BPEFixture.tokenizer(), to: 580)
    let config = ModelConfig(
      nLayers: 2, dModel: 8, nHeads: 2, dMLP: dMLP, nCtx: 16, dVocab: 580, lnEps: 1e-5,
      tieWordEmbeddings: tied)
    var model = try Model.randomlyInitialized(config: config, tokenizer: tokenizer, seed: 3)
    // Non-trivial LayerNorms and biases, so that every tensor matters to the logits.
    var rng = RandomSource(seed: 9)
    for b in model.parameters.blocks.indices {
      for i in model.parameters.blocks[b].fcBias.indices {
        model.parameters.blocks[b].fcBias[i] = Float(rng.nextGaussian())
      }
      model.parameters.blocks[b].ln1?.weight[0] = 1.5
    }
    model.parameters.finalNorm?.bias[1] = 0.25
    return model
  }

  /// Writes `model` as a hub folder and returns its path.
  static func write(
    _ model: Model, dtype: HubWriter.DType = .f32, prefix: Bool = true, shards: Int = 1,
    extraConfig: String = "", buffers: Bool = true
  ) throws -> String {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent(
      "hub-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    for name in ["vocab.json", "merges.txt"] {
      try FileManager.default.copyItem(
        atPath: BPEFixture.path(name), toPath: dir.appendingPathComponent(name).path)
    }
    try Data(HubWriter.configJSON(model.config, extra: extraConfig).utf8).write(
      to: dir.appendingPathComponent("config.json"))
    var tensors: [(String, String, [Int], [UInt8])] = []
    for (name, t) in model.parameters.namedTensors() {
      let written = prefix ? name : Parameters.withoutTransformerPrefix(name)
      tensors.append((written, dtype.rawValue, t.shape, HubWriter.bytes(t.data, dtype)))
    }
    if buffers {  // GPT-2's causal-mask buffers, in dtypes that are not weights
      let n = model.config.nCtx
      for layer in 0..<model.config.nLayers {
        let p = prefix ? "transformer.h.\(layer)." : "h.\(layer)."
        tensors.append((p + "attn.bias", "U8", [1, 1, n, n], [UInt8](repeating: 1, count: n * n)))
        tensors.append((p + "attn.masked_bias", "F32", [], HubWriter.bytes([-1e4], .f32)))
      }
    }
    if shards == 1 {
      try Data(HubWriter.safetensors(tensors)).write(
        to: dir.appendingPathComponent("model.safetensors"))
    } else {
      var map: [String] = []
      let per = (tensors.count + shards - 1) / shards
      for s in 0..<shards {
        let file = "model-0000\(s + 1)-of-0000\(shards).safetensors"
        let part = Array(tensors[(s * per)..<min(tensors.count, (s + 1) * per)])
        try Data(HubWriter.safetensors(part)).write(to: dir.appendingPathComponent(file))
        map += part.map { "\"\($0.0)\": \"\(file)\"" }
      }
      let index =
        "{\"metadata\": {\"total_size\": 0}, \"weight_map\": {\(map.joined(separator: ", "))}}"
      try Data(index.utf8).write(to: dir.appendingPathComponent("model.safetensors.index.json"))
    }
    return dir.path
  }

  /// The model with every weight rounded as `dtype` rounds it.
  static func rounded(_ model: Model, _ dtype: HubWriter.DType) throws -> Model {
    var tensors: [String: Tensor] = [:]
    for (name, t) in model.parameters.namedTensors() {
      tensors[name] = Tensor(shape: t.shape, data: t.data.map { HubWriter.rounded($0, dtype) })
    }
    var out = model
    out.parameters = try Parameters(named: tensors, config: model.config)
    return out
  }

  /// Loads the folder and checks weights and logits against the expected model.
  static func check(_ dir: String, expected: Model) throws -> Model {
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let loaded = try HuggingFaceFolder.read(directory: dir)
    #expect(loaded.config == expected.config)
    #expect(loaded.parameters == expected.parameters)
    #expect(loaded.tokenizer == expected.tokenizer)
    let tokens = try loaded.tokenizer.encode("It's the robot's day, 漢字!")
    #expect(tokens.count > 5 && tokens.count <= 16)
    var rec = CollectingRecorder()
    let logits = loaded.forward(tokens, hooks: &rec)
    #expect(close(logits.data, referenceForward(expected, tokens)["unembed.hook_out"] ?? []))
    return loaded
  }

  @Test(arguments: [(true, true), (true, false), (false, true), (false, false)])
  func float32FoldersWithAndWithoutPrefixTiedOrNot(prefix: Bool, tied: Bool) throws {
    let model = try Self.model(tied: tied, dMLP: tied ? 32 : 20)
    let loaded = try Self.check(Self.write(model, prefix: prefix), expected: model)
    #expect(loaded.metadata["converted"] == nil)
  }

  @Test func halfAndBFloat16AreWidenedAndSaidSo() throws {
    let model = try Self.model(tied: false)
    let f16 = try Self.check(Self.write(model, dtype: .f16), expected: Self.rounded(model, .f16))
    #expect(f16.metadata["converted"] == "from F16 to float32 on load")
    let bf16 = try Self.check(Self.write(model, dtype: .bf16), expected: Self.rounded(model, .bf16))
    #expect(bf16.metadata["converted"] == "from BF16 to float32 on load")
    #expect(try Self.rounded(model, .bf16).parameters != model.parameters)  // rounding shows
  }

  @Test func shardedFoldersAreRead() throws {
    let model = try Self.model(tied: false)
    _ = try Self.check(Self.write(model, prefix: false, shards: 3), expected: model)
  }

  @Test(arguments: [
    (", \"scale_attn_by_inverse_layer_idx\": true", "scale_attn_by_inverse_layer_idx"),
    (", \"scale_attn_weights\": false", "scale_attn_weights"),
    (", \"add_cross_attention\": true", "add_cross_attention"),
    (", \"model_type\": \"llama\"", "model_type llama"),
    (", \"activation_function\": \"silu\"", "activation_function silu"),
  ])
  func unsupportedSettingsAreRefusedByName(extra: String, name: String) throws {
    let model = try Self.model(tied: true)
    let dir = try Self.write(model, extraConfig: extra)
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let message = errorText { try HuggingFaceFolder.read(directory: dir) } ?? ""
    #expect(message.hasPrefix("config.json: \(name)"), "\(message)")
  }

  @Test func brokenFoldersGiveOneLine() throws {
    let model = try Self.model(tied: true)
    let dir = try Self.write(model)
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let weights = (dir as NSString).appendingPathComponent("model.safetensors")
    let good = try Data(contentsOf: URL(fileURLWithPath: weights))
    try good.prefix(good.count - 4).write(to: URL(fileURLWithPath: weights))
    #expect(errorText { try HuggingFaceFolder.read(directory: dir) }?.contains("truncated") == true)
    try FileManager.default.removeItem(atPath: weights)
    #expect(
      errorText { try HuggingFaceFolder.read(directory: dir) }?.contains(
        "model.safetensors is missing") == true)
    let config = (dir as NSString).appendingPathComponent("config.json")
    try Data(HubWriter.configJSON(model.config, extra: ", \"n_layer\": 100000000000").utf8).write(
      to: URL(fileURLWithPath: config))
    try Data(good).write(to: URL(fileURLWithPath: weights))
    #expect(errorText { try HuggingFaceFolder.read(directory: dir) }?.contains("n_layer") == true)
  }
}
