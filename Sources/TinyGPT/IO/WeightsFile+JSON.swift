import TensorFiles

extension WeightsFile {
  /// The JSON encoding: one tensor per line, floats in shortest round-tripping form.
  static func encodeJSON(_ model: Model) throws -> [UInt8] {
    let named = model.parameters.namedTensors()
    for (name, tensor) in named {
      if let bad = tensor.data.firstIndex(where: { !$0.isFinite }) {
        throw ModelError.nonFiniteValue(tensor: name, index: bad)
      }
    }
    var w = JSONWriter()
    w.raw("{\n  \"format\": ")
    w.string(formatName)
    w.raw(",\n  \"version\": ")
    w.int(currentVersion)
    w.raw(",\n  \"config\": ")
    w.raw(bytes: model.config.jsonBytes())
    w.raw(",\n  \"tokenizer\": ")
    model.tokenizer.writeJSON(to: &w)
    w.raw(",\n  \"metadata\": {")
    for (i, key) in model.metadata.keys.sorted().enumerated() {
      w.raw(i == 0 ? "\n    " : ",\n    ")
      w.key(key)
      w.string(model.metadata[key] ?? "")
    }
    w.raw(model.metadata.isEmpty ? "},\n  \"tensors\": {" : "\n  },\n  \"tensors\": {")
    for (i, (name, tensor)) in named.enumerated() {
      w.raw(i == 0 ? "\n    " : ",\n    ")
      w.key(name)
      w.raw("{\"shape\": ")
      w.ints(tensor.shape)
      w.raw(", \"data\": ")
      w.floats(tensor.data)
      w.raw("}")
    }
    w.raw("\n  }\n}\n")
    return w.bytes
  }

  /// Reads the JSON encoding.
  static func decodeJSON(_ bytes: [UInt8]) throws -> Model {
    try bytes.withUnsafeBufferPointer { buffer in
      do {
        var s = JSONScanner(buffer)
        var seen: Set<String> = []
        var config: ModelConfig?
        var tokenizer: Tokenizer?
        var metadata: [String: String] = [:]
        var tensors: [String: Tensor] = [:]
        try s.readObject { s, key in
          seen.insert(key)
          switch key {
          case "format":
            let format = try s.readString()
            guard format == formatName else { throw WeightsFileError.wrongFormat(found: format) }
          case "version":
            let version = try s.readInt()
            guard version == currentVersion else {
              throw WeightsFileError.unsupportedVersion(version)
            }
          case "config": config = try ModelConfig(json: &s, path: "config")
          case "tokenizer": tokenizer = try Tokenizer(json: &s, path: "tokenizer")
          case "metadata":
            try s.readObject { s, key in metadata[key] = try s.readString() }
          case "tensors":
            try s.readObject { s, name in tensors[name] = try readTensor(&s, name: name) }
          default: try s.skipValue()
          }
        }
        guard s.isAtEnd() else {
          throw JSONSyntaxError.malformed(offset: s.offset, expected: "the end of the file")
        }
        for field in ["format", "version", "config", "tokenizer", "tensors"]
        where !seen.contains(field) {
          throw WeightsFileError.badField(JSONFieldError(path: field, problem: "is missing"))
        }
        guard let config, let tokenizer else {
          throw WeightsFileError.badHeader("unreachable")
        }
        try config.checkFits(
          tensorNames: tensors.keys, elementCount: tensors.values.reduce(0) { $0 + $1.data.count })
        return try assemble(
          config: config, tokenizer: tokenizer, tensors: tensors, metadata: metadata)
      } catch let error as JSONSyntaxError {
        throw WeightsFileError.malformedJSON(error)
      } catch let error as JSONFieldError {
        throw WeightsFileError.badField(error)
      }
    }
  }

  /// Reads `{"shape": [...], "data": [...]}`.
  private static func readTensor(_ s: inout JSONScanner, name: String) throws -> Tensor {
    var shape: [Int]?
    var data: [Float] = []
    var hasData = false
    try s.readObject { s, key in
      switch key {
      case "shape": shape = try s.readIntArray()
      case "data":
        hasData = true
        if let shape, let n = Tensor.checkedCount(of: shape) {
          data.reserveCapacity(min(n, 1 << 28))
        }
        try s.readFloats(into: &data)
      default: try s.skipValue()
      }
    }
    guard let shape else {
      throw JSONFieldError(path: "tensors.\(excerpt(name)).shape", problem: "is missing")
    }
    guard hasData else {
      throw JSONFieldError(path: "tensors.\(excerpt(name)).data", problem: "is missing")
    }
    guard data.count == Tensor.checkedCount(of: shape) else {
      throw WeightsFileError.wrongValueCount(tensor: name, shape: shape, count: data.count)
    }
    return Tensor(shape: shape, data: data)
  }
}
