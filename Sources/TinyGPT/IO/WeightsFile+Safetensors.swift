import TensorFiles

extension WeightsFile {
  /// Metadata keys the safetensors encoding uses for itself (`format: pt` tells Hugging Face
  /// `transformers` the file holds PyTorch-layout tensors; it loads nothing without it).
  static let reservedMetadataKeys: Set<String> = ["config", "tokenizer", "format"]

  /// The 8-byte length and the JSON header, padded with spaces to a multiple of 8 bytes.
  static func safetensorsHeader(_ model: Model) throws -> [UInt8] {
    for key in model.metadata.keys where reservedMetadataKeys.contains(key) {
      throw WeightsFileError.reservedMetadataKey(key)
    }
    var tokenizerJSON = JSONWriter()
    model.tokenizer.writeJSON(to: &tokenizerJSON)
    var metadata = model.metadata
    metadata["config"] = String(decoding: model.config.jsonBytes(), as: UTF8.self)
    metadata["tokenizer"] = String(decoding: tokenizerJSON.bytes, as: UTF8.self)
    metadata["format"] = "pt"

    return SafetensorsHeader.encode(
      metadata: metadata,
      tensors: model.parameters.namedTensors().map {
        ($0.name, "F32", $0.tensor.shape, $0.tensor.data.count * MemoryLayout<Float>.size)
      })
  }

  /// Reads the safetensors encoding (the header checked by `SafetensorsHeader` against the
  /// file before anything is allocated), copying each tensor's data once, checked finite in
  /// the same pass (`FloatCopy`).
  static func decodeSafetensors(_ bytes: [UInt8]) throws -> Model {
    try bytes.withUnsafeBufferPointer { try decodeSafetensors($0) }
  }

  /// Reads the safetensors encoding from memory (for example a mapped file, whose open
  /// `descriptor` the tensors are then read from).
  static func decodeSafetensors(
    _ bytes: UnsafeBufferPointer<UInt8>, descriptor: Int32? = nil
  ) throws -> Model {
    let header: SafetensorsHeader
    do {
      header = try SafetensorsHeader(bytes)
    } catch {
      throw WeightsFileError(error)
    }
    var metadata = header.metadata
    metadata["format"] = nil  // written for transformers' sake, not part of the model
    guard let configText = metadata.removeValue(forKey: "config") else {
      throw WeightsFileError.badField(
        JSONFieldError(path: "__metadata__.config", problem: "is missing (not a tracer model?)"))
    }
    guard let tokenizerText = metadata.removeValue(forKey: "tokenizer") else {
      throw WeightsFileError.badField(
        JSONFieldError(path: "__metadata__.tokenizer", problem: "is missing"))
    }
    let config: ModelConfig
    let tokenizer: Tokenizer
    do {
      config = try ModelConfig(jsonBytes: Array(configText.utf8))
      let tokenizerBytes = Array(tokenizerText.utf8)
      tokenizer = try tokenizerBytes.withUnsafeBufferPointer { b in
        var s = JSONScanner(b)
        return try Tokenizer(json: &s, path: "tokenizer")
      }
    } catch let error as JSONFieldError {
      throw WeightsFileError.badField(error)
    } catch let error as JSONSyntaxError {
      throw WeightsFileError.badField(
        JSONFieldError(path: "__metadata__.tokenizer", problem: "is not valid JSON: \(error)"))
    }

    // Before any per-layer list: F16/BF16, the narrowest float dtypes, take 2 bytes a value.
    try config.checkFits(
      tensorNames: header.names, elementCount: (bytes.count - header.dataStart) / 2)
    let wanted = Set(Parameters.expectedShapes(for: config).map(\.name))
    var tensors: [String: Tensor] = [:]
    var finite: Set<String> = []  // checked while copied; `Parameters` reports the others
    for name in header.names where wanted.contains(name) {  // extra tensors are ignored
      guard let entry = header.entries[name] else { continue }
      guard entry.dtype == "F32",
        let (data, bad) = header.checkedFloats(entry, in: bytes, descriptor: descriptor)
      else {
        throw WeightsFileError.wrongDtype(tensor: name, dtype: entry.dtype)
      }
      tensors[name] = Tensor(shape: entry.shape, data: data)
      if bad == nil { finite.insert(name) }
    }
    return try assemble(
      config: config, tokenizer: tokenizer, tensors: tensors, metadata: metadata,
      finiteTensors: finite)
  }
}

extension WeightsFileError {
  /// The same problem, reported as a weights-file error.
  init(_ error: SafetensorsError) {
    switch error {
    case .badHeader(let why): self = .badHeader(why)
    case .malformedJSON(let error): self = .malformedJSON(error)
    case .missingField(let tensor, let field):
      self = .badField(JSONFieldError(path: "\(excerpt(tensor)).\(field)", problem: "is missing"))
    case .badOffsets(let tensor, let reason): self = .badOffsets(tensor: tensor, reason: reason)
    case .truncated(let tensor, let end, let size):
      self = .truncated(tensor: tensor, end: end, fileSize: size)
    }
  }
}
