import TensorFiles
import TinyGPT

/// The tensor named so, with that shape, from outside the JSON (a safetensors trace).
typealias ExternalTensors = (_ name: String, _ shape: [Int]) throws -> [Float]

/// The scanner state of one trace being read; it turns low-level errors into `TraceError`s.
struct TraceReader {
  var scanner: JSONScanner
  /// Where the numbers come from when the JSON holds only names and shapes (a safetensors
  /// trace's skeleton): the tensor of that name and shape. Nil: every `data` is in the JSON.
  var tensors: ExternalTensors? = nil

  /// Reads the whole document and validates the trace (`Trace.validate()`).
  mutating func readTrace() throws -> Trace {
    do {
      let trace = try Self.trace(&scanner, tensors)
      guard scanner.isAtEnd() else {
        throw JSONSyntaxError.malformed(offset: scanner.offset, expected: "the end of the file")
      }
      return trace
    } catch let error as JSONSyntaxError {
      throw TraceError.malformedJSON(error)
    } catch let error as JSONFieldError {
      throw TraceError.badField(path: error.path, problem: error.problem)
    } catch let error as ModelError {
      throw TraceError.badField(path: "config", problem: "is invalid: \(error)")
    }
  }

  private static func trace(_ s: inout JSONScanner, _ tensors: ExternalTensors?) throws -> Trace {
    var format: String?
    var version: Int?
    var modelName: String?
    var sha: String?
    var config: ModelConfig?
    var tokenizer: Tokenizer?
    var prompt: String?
    var sampling: SamplingSettings?
    var passes: [Pass]?
    var interventions: [InterventionRecord] = []
    var permutation: (order: [Int], records: [InterventionRecord], passes: [Pass])?
    var parameters: [NamedTensor] = []
    try s.readObject { s, key in
      switch key {
      case "format":
        let found = try s.readString()
        guard found == Trace.formatName else { throw TraceError.wrongFormat(found: found) }
        format = found
      case "version":
        let found = try s.readInt()
        guard Trace.readableVersions.contains(found) else {
          throw TraceError.unsupportedVersion(found)
        }
        version = found
      case "model":
        try s.readObject { s, key in
          switch key {
          case "name": modelName = try s.readString()
          case "weights_sha256": sha = try s.readString()
          default: try s.skipValue()
          }
        }
        guard modelName != nil else { throw TraceError.missingField(path: "model.name") }
        guard sha != nil else { throw TraceError.missingField(path: "model.weights_sha256") }
      case "config": config = try ModelConfig(json: &s, path: "config")
      case "tokenizer": tokenizer = try Tokenizer(json: &s, path: "tokenizer")
      case "prompt": prompt = try s.readString()
      case "sampling": sampling = try readSampling(&s)
      case "interventions": interventions = try readInterventionRecords(&s)
      case "permutation": permutation = try readPermutation(&s, tensors)
      case "parameters":
        try s.readObject { s, name in
          parameters.append(try readParameter(&s, name: name, tensors))
        }
      case "passes":
        var list: [Pass] = []
        try s.readArray { s, p in
          list.append(
            try readPass(&s, path: "passes[\(p)]", tensors) {
              TraceFile.tensorName(pass: p, activation: $0)
            })
        }
        passes = list
      default: try s.skipValue()
      }
    }
    guard format != nil else { throw TraceError.missingField(path: "format") }
    guard version != nil else { throw TraceError.missingField(path: "version") }
    guard let modelName, let sha else { throw TraceError.missingField(path: "model") }
    guard let config else { throw TraceError.missingField(path: "config") }
    guard let tokenizer else { throw TraceError.missingField(path: "tokenizer") }
    guard let prompt else { throw TraceError.missingField(path: "prompt") }
    guard let sampling else { throw TraceError.missingField(path: "sampling") }
    guard let passes else { throw TraceError.missingField(path: "passes") }
    let changes = try resolveInterventions(interventions, path: "interventions", config: config)
    var run: PermutationRun?
    if let permutation {
      guard permutation.passes.count == 2 else {
        throw TraceError.badField(
          path: "permutation.passes",
          problem: "has \(permutation.passes.count) passes; expected 2 (original, permuted)")
      }
      run = PermutationRun(
        order: permutation.order,
        interventions: try resolveInterventions(
          permutation.records, path: "permutation.interventions", config: config),
        original: permutation.passes[0], permuted: permutation.passes[1])
    }
    let trace = Trace(
      config: config, modelName: modelName, weightsSHA256: sha, tokenizer: tokenizer,
      prompt: prompt, sampling: sampling, interventions: changes, parameters: parameters,
      passes: passes, permutation: run)
    try trace.validate()  // before anything draws it (Trace+Validation.swift)
    return trace
  }

  /// An intervention as written: kind, target and source, checked later against the config.
  typealias InterventionRecord = (kind: String?, target: String?, source: String?)

  private static func readInterventionRecords(_ s: inout JSONScanner) throws
    -> [InterventionRecord]
  {
    var list: [InterventionRecord] = []
    try s.readArray { s, _ in
      var record: InterventionRecord = (nil, nil, nil)
      try s.readObject { s, key in
        switch key {
        case "kind": record.kind = try s.readString()
        case "target": record.target = try s.readString()
        case "source": record.source = try s.readString()
        default: try s.skipValue()
        }
      }
      list.append(record)
    }
    return list
  }

  private static func resolveInterventions(
    _ records: [InterventionRecord], path: String, config: ModelConfig
  ) throws -> [Intervention] {
    try records.enumerated().map { i, record in
      do {
        guard let kind = record.kind else { throw InterventionError("has no kind") }
        return try Intervention(
          kind: kind, target: record.target, source: record.source, config: config)
      } catch let error as InterventionError {
        throw TraceError.badField(path: "\(path)[\(i)]", problem: error.description)
      }
    }
  }

  /// `{"order": [...], "interventions": [...], "passes": [pass, pass]}`.
  private static func readPermutation(_ s: inout JSONScanner, _ tensors: ExternalTensors?) throws
    -> (order: [Int], records: [InterventionRecord], passes: [Pass])
  {
    var order: [Int]?
    var records: [InterventionRecord] = []
    var passes: [Pass]?
    try s.readObject { s, key in
      switch key {
      case "order": order = try s.readIntArray()
      case "interventions": records = try readInterventionRecords(&s)
      case "passes":
        var list: [Pass] = []
        try s.readArray { s, p in
          guard p < 2 else {
            throw TraceError.badField(path: "permutation.passes", problem: "has more than 2 passes")
          }
          list.append(
            try readPass(&s, path: "permutation.passes[\(p)]", tensors) {
              TraceFile.tensorName(permutationPass: p, activation: $0)
            })
        }
        passes = list
      default: try s.skipValue()
      }
    }
    guard let order else { throw TraceError.missingField(path: "permutation.order") }
    guard let passes else { throw TraceError.missingField(path: "permutation.passes") }
    return (order, records, passes)
  }

  private static func readSampling(_ s: inout JSONScanner) throws -> SamplingSettings {
    var temperature: Float?
    var topK: Int?
    var topP: Float?
    var seed: UInt64?
    var seen: Set<String> = []
    try s.readObject { s, key in
      seen.insert(key)
      switch key {
      case "temperature": temperature = try s.readFloat()
      case "top_k": topK = try s.readNullIfPresent() ? nil : try s.readInt()
      case "top_p": topP = try s.readNullIfPresent() ? nil : try s.readFloat()
      case "seed": seed = try s.readUInt64()
      default: try s.skipValue()
      }
    }
    for field in ["temperature", "top_k", "top_p", "seed"] where !seen.contains(field) {
      throw TraceError.missingField(path: "sampling.\(field)")
    }
    guard let temperature, let seed else { throw TraceError.missingField(path: "sampling") }
    return SamplingSettings(temperature: temperature, topK: topK, topP: topP, seed: seed)
  }

  /// One pass; `tensorName` names the tensor of an activation in a safetensors trace.
  private static func readPass(
    _ s: inout JSONScanner, path: String, _ tensors: ExternalTensors?,
    tensorName: (String) -> String
  ) throws -> Pass {
    var tokens: [TokenRef]?
    var cropped: Int?
    var activations: [Activation]?
    var candidates: [Candidate]?
    var chosen: TokenRef?
    try s.readObject { s, key in
      switch key {
      case "tokens":
        var list: [TokenRef] = []
        try s.readArray { s, i in list.append(try readToken(&s, path: "\(path).tokens[\(i)]")) }
        tokens = list
      case "cropped_tokens": cropped = try s.readInt()
      case "activations":
        var list: [Activation] = []
        try s.readArray { s, i in
          list.append(
            try readActivation(
              &s, path: "\(path).activations[\(i)]", tensors, tensorName: tensorName))
        }
        activations = list
      case "candidates":
        var list: [Candidate] = []
        try s.readArray { s, i in
          list.append(try readCandidate(&s, path: "\(path).candidates[\(i)]"))
        }
        candidates = list
      case "chosen": chosen = try readToken(&s, path: "\(path).chosen")
      default: try s.skipValue()
      }
    }
    guard let tokens else { throw TraceError.missingField(path: "\(path).tokens") }
    guard let cropped else { throw TraceError.missingField(path: "\(path).cropped_tokens") }
    guard let activations else { throw TraceError.missingField(path: "\(path).activations") }
    guard let candidates else { throw TraceError.missingField(path: "\(path).candidates") }
    guard let chosen else { throw TraceError.missingField(path: "\(path).chosen") }
    return Pass(
      tokens: tokens, croppedTokenCount: cropped, activations: activations,
      candidates: candidates, chosen: chosen)
  }

  private static func readToken(_ s: inout JSONScanner, path: String) throws -> TokenRef {
    var id: Int?
    var text: String?
    try s.readObject { s, key in
      switch key {
      case "id": id = try s.readInt()
      case "text": text = try s.readString()
      default: try s.skipValue()
      }
    }
    guard let id else { throw TraceError.missingField(path: "\(path).id") }
    guard let text else { throw TraceError.missingField(path: "\(path).text") }
    return TokenRef(id: id, text: text)
  }

  private static func readCandidate(_ s: inout JSONScanner, path: String) throws -> Candidate {
    var id: Int?
    var text: String?
    var probability: Float?
    try s.readObject { s, key in
      switch key {
      case "id": id = try s.readInt()
      case "text": text = try s.readString()
      case "probability": probability = try s.readFloat()
      default: try s.skipValue()
      }
    }
    guard let id else { throw TraceError.missingField(path: "\(path).id") }
    guard let text else { throw TraceError.missingField(path: "\(path).text") }
    guard let probability else { throw TraceError.missingField(path: "\(path).probability") }
    return Candidate(id: id, text: text, probability: probability)
  }

  /// A flat array of floats (`null` is −∞), its capacity reserved from `shape` when known.
  private static func readData(_ s: inout JSONScanner, shape: [Int]?) throws -> [Float] {
    var values: [Float] = []
    if let shape, let count = Tensor.checkedCount(of: shape) {
      values.reserveCapacity(min(count, 1 << 26))
    }
    try s.readFloats(into: &values, nullValue: -.infinity)
    return values
  }

  /// One weight tensor of `parameters`: `{"shape": [...], "data": [...]}`.
  private static func readParameter(
    _ s: inout JSONScanner, name: String, _ tensors: ExternalTensors?
  ) throws -> NamedTensor {
    let path = "parameters.\(name)"
    var shape: [Int]?
    var data: [Float]?
    try s.readObject { s, key in
      switch key {
      case "shape": shape = try s.readIntArray()
      case "data": data = try readData(&s, shape: shape)
      default: try s.skipValue()
      }
    }
    guard let shape else { throw TraceError.missingField(path: "\(path).shape") }
    if data == nil, let tensors {
      data = try tensors(TraceFile.tensorName(parameter: name), shape)
    }
    guard let data else { throw TraceError.missingField(path: "\(path).data") }
    guard Tensor.checkedCount(of: shape) == data.count else {
      throw TraceError.dataLengthMismatch(path: path, name: name, shape: shape, count: data.count)
    }
    return NamedTensor(name: name, tensor: Tensor(shape: shape, data: data))
  }

  private static func readActivation(
    _ s: inout JSONScanner, path: String, _ tensors: ExternalTensors?,
    tensorName: (String) -> String
  ) throws -> Activation {
    var name: String?
    var axes: [String]?
    var shape: [Int]?
    var data: [Float]?
    try s.readObject { s, key in
      switch key {
      case "name": name = try s.readString()
      case "axes": axes = try s.readStringArray()
      case "shape": shape = try s.readIntArray()
      case "data": data = try readData(&s, shape: shape)
      default: try s.skipValue()
      }
    }
    guard let name else { throw TraceError.missingField(path: "\(path).name") }
    guard let axes else { throw TraceError.missingField(path: "\(path).axes") }
    guard let shape else { throw TraceError.missingField(path: "\(path).shape") }
    if data == nil, let tensors {
      data = try tensors(tensorName(name), shape)
    }
    guard let data else { throw TraceError.missingField(path: "\(path).data") }
    guard axes.count == shape.count else {
      throw TraceError.axesMismatch(path: path, name: name, axes: axes, shape: shape)
    }
    guard Tensor.checkedCount(of: shape) == data.count else {
      throw TraceError.dataLengthMismatch(path: path, name: name, shape: shape, count: data.count)
    }
    return Activation(name: name, axes: axes, shape: shape, data: data)
  }
}
