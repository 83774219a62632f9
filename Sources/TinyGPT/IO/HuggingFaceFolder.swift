import Foundation
import TensorFiles

/// Reading a model from a Hugging Face GPT-2 folder (as `save_pretrained` writes it and the hub
/// serves it): `config.json`, `model.safetensors` or a sharded `model.safetensors.index.json`,
/// and the tokenizer files (`vocab.json` + `merges.txt`, or `tokenizer.json`).
///
/// Tensor names may carry the `transformer.` prefix (`GPT2LMHeadModel`) or not (`GPT2Model`);
/// `lm_head.weight` is read only when `tie_word_embeddings` is false; other tensors (the
/// `attn.bias` / `attn.masked_bias` buffers) are ignored whatever their dtype. F16 and BF16
/// weights are widened to Float32, and the model's metadata says so.
public enum HuggingFaceFolder {
  /// Whether `path` is a directory (and so is read as a Hugging Face folder).
  public static func isFolder(_ path: String) -> Bool {
    var isDirectory: ObjCBool = false
    return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
      && isDirectory.boolValue
  }

  /// Loads the model in `directory`.
  public static func read(directory: String) throws -> Model {
    func path(_ name: String) -> String { (directory as NSString).appendingPathComponent(name) }
    let configPath = path("config.json")
    guard FileManager.default.fileExists(atPath: configPath) else {
      throw HuggingFaceFolderError.missingFile(
        configPath, needed: "a Hugging Face model folder has one")
    }
    let hubConfig = try HuggingFaceConfig(
      bytes: try FileBytes.read(contentsOf: configPath), path: configPath)
    let config = try hubConfig.modelConfig()

    guard let tokenizer = try Tokenizer.readGPT2(directory: directory) else {
      throw HuggingFaceFolderError.missingFile(
        path("vocab.json"), needed: "the tokenizer: vocab.json + merges.txt or tokenizer.json")
    }

    let shards = try shardFiles(directory)
    var tensors: [String: Tensor] = [:]
    var convertedFrom: Set<String> = []
    var finite: Set<String> = []  // checked while copied; `Parameters` reports the others
    // Names as wanted, and the same without `transformer.`, each to its canonical name.
    var wantedShapes: [String: [Int]] = [:]
    var canonical: [String: String] = [:]
    var headersChecked = false
    for shard in shards {
      try FileBytes.withMappedFile(of: path(shard), populate: false) { bytes, descriptor in
        let header: SafetensorsHeader
        do {
          header = try SafetensorsHeader(bytes)
        } catch {
          throw HuggingFaceFolderError.badFile(path(shard), reason: "\(error)")
        }
        if !headersChecked {
          headersChecked = true
          try checkPlausible(config, entries: header, shards: shards.count)
          for (name, shape) in Parameters.expectedShapes(for: config) {
            wantedShapes[name] = shape
            canonical[name] = name
            canonical[Parameters.withoutTransformerPrefix(name)] = name
          }
        }
        for name in header.names {
          guard let target = canonical[name], tensors[target] == nil,
            let entry = header.entries[name], let shape = wantedShapes[target]
          else { continue }  // buffers, a tied lm_head, anything else: ignored
          guard entry.shape == shape else {
            throw ModelError.wrongShape(tensor: target, expected: shape, found: entry.shape)
          }
          guard let (values, bad) = header.checkedFloats(entry, in: bytes, descriptor: descriptor)
          else {
            throw HuggingFaceFolderError.badFile(
              path(shard),
              reason:
                "tensor \(excerpt(name)) has dtype \(excerpt(entry.dtype)); only F32, F16 and BF16 are read"
            )
          }
          if entry.dtype != "F32" { convertedFrom.insert(entry.dtype) }
          tensors[target] = Tensor(shape: shape, data: values)
          if bad == nil { finite.insert(target) }
        }
      }
    }
    var metadata = [
      "description": "Hugging Face GPT-2 folder \((directory as NSString).lastPathComponent)"
    ]
    if !convertedFrom.isEmpty {
      metadata["converted"] =
        "from \(convertedFrom.sorted().joined(separator: " and ")) to float32 on load"
    }
    // The weights are checked against the config first, so d_vocab is bounded by the file.
    let parameters = try Parameters(named: tensors, config: config, finiteTensors: finite)
    return Model(
      config: config, tokenizer: try padded(tokenizer, to: config.dVocab), parameters: parameters,
      metadata: metadata)
  }

  /// Refuses a config whose layer count the files cannot hold, before anything is sized by it.
  private static func checkPlausible(
    _ config: ModelConfig, entries header: SafetensorsHeader, shards: Int
  ) throws {
    // Every layer has at least 8 tensors; a shard holds at most its own entries, and no
    // checkpoint in the wild has a million shards.
    let bound = header.names.count.multipliedReportingOverflow(by: max(1, shards))
    guard shards <= 100_000, !bound.overflow, config.nLayers <= bound.partialValue else {
      throw HuggingFaceFolderError.badFile(
        "config.json", reason: "n_layer \(config.nLayers) is more than the weights files hold")
    }
  }

  /// The safetensors files of the folder: `model.safetensors`, or the shards named in
  /// `model.safetensors.index.json`'s `weight_map`, in sorted order.
  static func shardFiles(_ directory: String) throws -> [String] {
    func path(_ name: String) -> String { (directory as NSString).appendingPathComponent(name) }
    if FileManager.default.fileExists(atPath: path("model.safetensors")) {
      return ["model.safetensors"]
    }
    let indexPath = path("model.safetensors.index.json")
    guard FileManager.default.fileExists(atPath: indexPath) else {
      let hint =
        FileManager.default.fileExists(atPath: path("pytorch_model.bin"))
        ? "only safetensors weights are read; pytorch_model.bin is not" : "the weights"
      throw HuggingFaceFolderError.missingFile(path("model.safetensors"), needed: hint)
    }
    var files: Set<String> = []
    let bytes = try FileBytes.read(contentsOf: indexPath)
    do {
      try bytes.withUnsafeBufferPointer { buffer in
        var s = JSONScanner(buffer)
        try s.readObject { s, key in
          guard key == "weight_map" else {
            try s.skipValue()
            return
          }
          try s.readObject { s, _ in files.insert(try s.readString()) }
        }
      }
    } catch let error as JSONSyntaxError {
      throw HuggingFaceFolderError.badFile(indexPath, reason: "\(error)")
    }
    guard !files.isEmpty else {
      throw HuggingFaceFolderError.badFile(indexPath, reason: "weight_map names no files")
    }
    for file in files where file.contains("/") || file.hasPrefix(".") || file.contains("\\") {
      throw HuggingFaceFolderError.badFile(
        indexPath, reason: "shard '\(excerpt(file))' is not a plain file name in the folder")
    }
    for file in files where !FileManager.default.fileExists(atPath: path(file)) {
      throw HuggingFaceFolderError.missingFile(path(file), needed: "a shard named in \(indexPath)")
    }
    return files.sorted()
  }

  /// The tokenizer with placeholder tokens `<unused-N>` added up to `size` (checkpoints often
  /// pad `vocab_size` past the tokenizer); refuses a tokenizer larger than the model.
  static func padded(_ tokenizer: Tokenizer, to size: Int) throws -> Tokenizer {
    let count = tokenizer.vocabulary.count
    guard count != size else { return tokenizer }
    guard count < size, let bpe = tokenizer.bytePairEncoding else {
      throw WeightsFileError.vocabularyMismatch(vocabularySize: count, dVocab: size)
    }
    return try Tokenizer(
      bytePairVocabulary: tokenizer.vocabulary + (count..<size).map { "<unused-\($0)>" },
      merges: bpe.merges, specialTokens: bpe.specialTokens)
  }
}
