import Foundation
import TensorFiles

extension ModelConfig {
  /// The config as one line of JSON with sorted keys (its `Codable` form, TransformerLens names).
  public func jsonBytes() -> [UInt8] {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    // Every field is an Int, Bool, finite Float, String or nil, so encoding cannot fail.
    return (try? Array(encoder.encode(self))) ?? Array("{}".utf8)
  }

  /// Decodes a config from its JSON form. Every error is one `JSONFieldError` naming the field,
  /// what it holds and what it may hold (`config.act_fn is 'swish'; expected one of relu, gelu,
  /// gelu_new`); malformed JSON throws `JSONSyntaxError`.
  public init(jsonBytes bytes: some Collection<UInt8>, root: String = "config") throws {
    let bytes = Array(bytes)
    self = try bytes.withUnsafeBufferPointer { buffer in
      var scanner = JSONScanner(buffer)
      let config = try ModelConfig(json: &scanner, path: root)
      guard scanner.isAtEnd() else {
        throw JSONSyntaxError.malformed(offset: scanner.offset, expected: "the end of the config")
      }
      return config
    }
  }

  /// Reads a config object field by field with the byte scanner; `path` names it in errors.
  /// Unknown fields are ignored (TransformerLens configs have many more).
  public init(json s: inout JSONScanner, path: String) throws {
    var fields = ConfigFields(path: path)
    try s.readObject { s, key in try fields.read(key, from: &s) }
    self = try fields.config()
  }
}

/// The fields of a config being read, each checked as it is read.
private struct ConfigFields {
  let path: String
  var ints: [String: Int] = [:]
  var actFn: ActivationFunction?
  /// `.some(nil)` is an explicit `null` (no LayerNorm).
  var normalization: NormalizationType??
  var positional: PositionalEmbeddingType?
  var lnEps: Float?
  var tie: Bool?
  var seen: Set<String> = []

  static let intFields = ["n_layers", "d_model", "n_heads", "d_head", "d_mlp", "n_ctx", "d_vocab"]
  static let knownFields = Set(
    intFields + [
      "act_fn", "normalization_type", "positional_embedding_type", "ln_eps",
      "tie_word_embeddings",
    ])

  init(path: String) { self.path = path }

  func error(_ field: String, _ problem: String) -> JSONFieldError {
    JSONFieldError(path: "\(path).\(field)", problem: problem)
  }

  /// Reads the value of `key`, refusing a known field given twice or holding the wrong kind.
  mutating func read(_ key: String, from s: inout JSONScanner) throws {
    guard Self.knownFields.contains(key) else {
      try s.skipValue()
      return
    }
    guard seen.insert(key).inserted else { throw error(key, "is given twice") }
    let value = try JSONValueText(&s)
    switch key {
    case "act_fn": actFn = try choice(key, value, ActivationFunction.self)
    case "positional_embedding_type":
      positional = try choice(key, value, PositionalEmbeddingType.self)
    case "normalization_type":
      normalization = value.isNull ? .some(nil) : try choice(key, value, NormalizationType.self)
    case "ln_eps":
      guard let number = value.number, Float(number).isFinite else {
        throw error(key, "is \(value); expected a number such as 1e-05")
      }
      lnEps = Float(number)
    case "tie_word_embeddings":
      guard let bool = value.bool else { throw error(key, "is \(value); expected true or false") }
      tie = bool
    default:
      guard let int = value.integer else {
        throw error(key, "is \(value); expected a whole number")
      }
      ints[key] = int
    }
  }

  /// The enum case named by a string value, or an error listing the allowed names.
  func choice<T: RawRepresentable & CaseIterable>(
    _ key: String, _ value: JSONValueText, _ type: T.Type
  ) throws -> T where T.RawValue == String {
    if let name = value.string, let found = T(rawValue: name) { return found }
    var allowed = T.allCases.map(\.rawValue)
    if T.self == NormalizationType.self { allowed.append("null") }
    throw error(key, "is \(value); expected one of \(allowed.joined(separator: ", "))")
  }

  /// The config, once every required field is there; its own rules are checked too.
  func config() throws -> ModelConfig {
    func int(_ key: String) throws -> Int {
      guard let value = ints[key] else { throw error(key, "is missing") }
      return value
    }
    guard let actFn else { throw error("act_fn", "is missing") }
    guard let positional else { throw error("positional_embedding_type", "is missing") }
    let config = ModelConfig(
      nLayers: try int("n_layers"), dModel: try int("d_model"), nHeads: try int("n_heads"),
      dMLP: try int("d_mlp"), nCtx: try int("n_ctx"), dVocab: try int("d_vocab"), actFn: actFn,
      normalizationType: normalization ?? nil, positionalEmbeddingType: positional,
      lnEps: lnEps ?? 1e-5, tieWordEmbeddings: tie ?? true)
    do {
      try config.validate()
    } catch let ModelError.invalidConfig(field, reason) {
      throw error(field, reason)
    }
    if let dHead = ints["d_head"], dHead != config.dHead {
      throw error(
        "d_head", "is \(dHead); expected d_model / n_heads = \(config.dModel) / \(config.nHeads)")
    }
    return config
  }
}

/// One JSON value as read, kept as its text for messages (`'swish'`, `2.5`), with typed views.
private struct JSONValueText: CustomStringConvertible {
  var string: String?
  var number: Double?
  var integer: Int?
  var bool: Bool?
  var isNull = false
  /// The value as JSON text for messages (`excerpt`: at most 40 characters, one line).
  var text: String

  init(_ s: inout JSONScanner) throws {
    let first = try s.peek()
    let start = s.offset
    switch first {
    case UInt8(ascii: "\""):
      let value = try s.readString()
      string = value
      text = "'\(excerpt(value))'"
    case UInt8(ascii: "t"), UInt8(ascii: "f"):
      bool = try s.readBool()
      text = "\(bool == true)"
    case UInt8(ascii: "n"):
      isNull = try s.readNullIfPresent()
      text = "null"
    case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
      var probe = s
      integer = try? probe.readInt()
      number = try s.readDouble()
      text = ""
    default:
      try s.skipValue()
      text = ""
    }
    if text.isEmpty {
      let raw = UnsafeBufferPointer(rebasing: s.bytes[start..<min(s.offset, start + 64)])
      text = excerpt(String(decoding: raw, as: UTF8.self))
    }
  }

  var description: String { text }
}
