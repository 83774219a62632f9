import TensorFiles

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// One entry of a safetensors header.
private struct TensorEntry {
  var name: String
  var dtype: String?
  var shape: [Int]?
  var offsets: [Int]?
}

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

  /// Reads the safetensors encoding, copying each tensor's data in one bulk copy.
  static func decodeSafetensors(_ bytes: [UInt8]) throws -> Model {
    try bytes.withUnsafeBufferPointer { try decodeSafetensors($0) }
  }

  /// Reads the safetensors encoding from memory (for example a mapped file).
  static func decodeSafetensors(_ bytes: UnsafeBufferPointer<UInt8>) throws -> Model {
    guard bytes.count >= 8 else {
      throw WeightsFileError.badHeader(
        "the file has \(bytes.count) bytes, fewer than the 8-byte header length")
    }
    var length: UInt64 = 0
    for i in (0..<8).reversed() { length = length << 8 | UInt64(bytes[i]) }
    guard length <= UInt64(bytes.count - 8) else {
      throw WeightsFileError.badHeader(
        "the header length \(length) runs past the end of the file (\(bytes.count) bytes)")
    }
    let dataStart = 8 + Int(length)
    let dataSize = bytes.count - dataStart
    var metadata: [String: String] = [:]
    var entries: [TensorEntry] = []
    do {
      var s = JSONScanner(UnsafeBufferPointer(rebasing: bytes[0..<dataStart]), offset: 8)
      try s.readObject { s, key in
        if key == "__metadata__" {
          try s.readObject { s, key in metadata[key] = try s.readString() }
          return
        }
        var entry = TensorEntry(name: key)
        try s.readObject { s, field in
          switch field {
          case "dtype": entry.dtype = try s.readString()
          case "shape": entry.shape = try s.readIntArray()
          case "data_offsets": entry.offsets = try s.readIntArray()
          default: try s.skipValue()
          }
        }
        entries.append(entry)
      }
      guard s.isAtEnd() else {
        throw JSONSyntaxError.malformed(offset: s.offset, expected: "the end of the header")
      }
    } catch let error as JSONSyntaxError {
      throw WeightsFileError.malformedJSON(error)
    }

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

    let wanted = Set(Parameters.expectedShapes(for: config).map(\.name))
    var tensors: [String: Tensor] = [:]
    for entry in entries {
      let name = entry.name
      func missing(_ field: String) -> WeightsFileError {
        .badField(JSONFieldError(path: "\(name).\(field)", problem: "is missing"))
      }
      guard let dtype = entry.dtype else { throw missing("dtype") }
      guard let shape = entry.shape else { throw missing("shape") }
      guard let offsets = entry.offsets else { throw missing("data_offsets") }
      guard offsets.count == 2 else {
        throw WeightsFileError.badOffsets(
          tensor: name, reason: "expected [begin, end], got \(offsets)")
      }
      let (begin, end) = (offsets[0], offsets[1])
      guard begin >= 0, begin <= end else {
        throw WeightsFileError.badOffsets(tensor: name, reason: "\(offsets) is not a valid range")
      }
      guard end <= dataSize else {
        throw WeightsFileError.truncated(
          tensor: name, end: dataStart + end, fileSize: bytes.count)
      }
      guard wanted.contains(name) else { continue }  // extra tensors are ignored
      guard dtype == "F32" else { throw WeightsFileError.wrongDtype(tensor: name, dtype: dtype) }
      guard let count = Tensor.checkedCount(of: shape), count <= (end - begin) / 4 + 1 else {
        throw WeightsFileError.badOffsets(
          tensor: name, reason: "shape \(shape) does not fit in \(end - begin) bytes")
      }
      guard end - begin == count * 4 else {
        throw WeightsFileError.badOffsets(
          tensor: name,
          reason: "\(offsets) spans \(end - begin) bytes but shape \(shape) needs \(count * 4)")
      }
      let source = bytes.baseAddress.map { UnsafeRawPointer($0 + dataStart + begin) }
      let data = [Float](unsafeUninitializedCapacity: count) { floats, initialized in
        if let source, let target = floats.baseAddress, count > 0 {
          memcpy(target, source, count * 4)
        }
        #if _endian(big)
          for i in 0..<count {
            floats[i] = Float(bitPattern: UInt32(littleEndian: floats[i].bitPattern))
          }
        #endif
        initialized = count
      }
      tensors[name] = Tensor(shape: shape, data: data)
    }
    return try assemble(
      config: config, tokenizer: tokenizer, tensors: tensors, metadata: metadata)
  }
}
