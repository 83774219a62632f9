import TensorFiles

/// Reading and writing model weights as JSON (toy models) or safetensors (any size).
///
/// See `Docs/weights-format.md`. Tensor names and layouts are GPT-2's as Hugging Face stores
/// them; `Parameters.expectedShapes(for:)` gives the canonical order.
public enum WeightsFile {
  /// The value of the JSON encoding's `format` field.
  public static let formatName = "transformer-tracer-weights"
  /// The JSON encoding version this build writes and reads.
  public static let currentVersion = 1

  /// Loads a model, choosing the format from the path's extension.
  public static func read(contentsOf path: String) throws -> Model {
    switch try WeightsFormat(path: path) {
    case .json: return try decodeJSON(FileBytes.read(contentsOf: path))
    case .safetensors:
      // Mapped for the header; each tensor is read once, from the page cache into its own
      // storage, with `pread`.
      return try FileBytes.withMappedFile(of: path, populate: false) {
        try decodeSafetensors($0, descriptor: $1)
      }
    }
  }

  /// Decodes a model from the bytes of a file in `format`.
  public static func decode(_ bytes: [UInt8], format: WeightsFormat) throws -> Model {
    switch format {
    case .json: try decodeJSON(bytes)
    case .safetensors: try decodeSafetensors(bytes)
    }
  }

  /// Encodes a model in `format`; the same model always gives the same bytes.
  public static func encode(_ model: Model, format: WeightsFormat) throws -> [UInt8] {
    switch format {
    case .json: return try encodeJSON(model)
    case .safetensors:
      var out = try safetensorsHeader(model)
      for (_, tensor) in model.parameters.namedTensors() {
        appendLittleEndian(tensor.data, to: &out)
      }
      return out
    }
  }

  /// Writes a model atomically (a temporary file renamed into place), choosing the format
  /// from the path's extension; an existing file is replaced only if `replacing`.
  public static func write(_ model: Model, to path: String, replacing: Bool = false) throws {
    let format = try WeightsFormat(path: path)
    let file = try AtomicFileWriter(.file(path: path, replacing: replacing))
    switch format {
    case .json: try file.write(encodeJSON(model))
    case .safetensors:
      try file.write(safetensorsHeader(model))
      for (_, tensor) in model.parameters.namedTensors() {
        #if _endian(little)
          let result = tensor.data.withUnsafeBytes { raw in
            Result { () throws(FileError) in try file.write(raw) }
          }
          try result.get()
        #else
          var bytes: [UInt8] = []
          appendLittleEndian(tensor.data, to: &bytes)
          try file.write(bytes)
        #endif
      }
    }
    try file.commit()
  }

  /// The lowercase hex SHA-256 of every tensor's little-endian Float32 bytes, concatenated in
  /// canonical order (`Parameters.expectedShapes(for:)`): it identifies the weights whatever
  /// the file encoding, config and metadata.
  public static func sha256(of model: Model) -> String {
    var hasher = SHA256()
    for (_, tensor) in model.parameters.namedTensors() {
      #if _endian(little)
        tensor.data.withUnsafeBytes { hasher.update($0) }
      #else
        var bytes: [UInt8] = []
        appendLittleEndian(tensor.data, to: &bytes)
        hasher.update(bytes)
      #endif
    }
    return SHA256.hexString(hasher.finalize())
  }

  /// Checks the tokenizer (against the config, and its vocabulary) and builds the model from
  /// named tensors; those named in `finiteTensors` were already checked finite.
  static func assemble(
    config: ModelConfig, tokenizer: Tokenizer, tensors: [String: Tensor],
    metadata: [String: String], finiteTensors: Set<String> = []
  ) throws -> Model {
    guard tokenizer.vocabulary.count == config.dVocab else {
      throw WeightsFileError.vocabularyMismatch(
        vocabularySize: tokenizer.vocabulary.count, dVocab: config.dVocab)
    }
    do { try tokenizer.validateVocabulary() } catch { throw WeightsFileError.badField(error) }
    let parameters = try Parameters(named: tensors, config: config, finiteTensors: finiteTensors)
    return Model(config: config, tokenizer: tokenizer, parameters: parameters, metadata: metadata)
  }

  /// Appends floats as little-endian bytes with one bulk copy.
  static func appendLittleEndian(_ values: [Float], to bytes: inout [UInt8]) {
    #if _endian(little)
      values.withUnsafeBytes { bytes.append(contentsOf: $0) }
    #else
      for v in values {
        withUnsafeBytes(of: v.bitPattern.littleEndian) { bytes.append(contentsOf: $0) }
      }
    #endif
  }
}
