import TensorFiles

extension Tokenizer {
  /// Writes `{"kind": ..., "vocabulary": [...]}` on one line; a BPE tokenizer adds
  /// `"merges": ["Ġ t", ...]` and `"special": ["<|endoftext|>"]`.
  public func writeJSON(to writer: inout JSONWriter) {
    writer.raw("{\"kind\": ")
    writer.string(kind.rawValue)
    writer.raw(", \"vocabulary\": ")
    writer.strings(vocabulary)
    if let bytePairEncoding {
      writer.raw(", \"merges\": ")
      writer.strings(bytePairEncoding.merges)
      writer.raw(", \"special\": ")
      writer.strings(bytePairEncoding.specialTokens)
    }
    writer.raw("}")
  }

  /// Reads `{"kind": ..., "vocabulary": [...]}` (and a BPE tokenizer's `merges` and
  /// `special`); `path` names it in errors.
  public init(json scanner: inout JSONScanner, path: String) throws {
    var kind: TokenizerKind?
    var vocabulary: [String]?
    var merges: [String] = []
    var special: [String] = []
    try scanner.readObject { s, key in
      switch key {
      case "kind":
        let at = s.offset
        let name = try s.readString()
        guard let k = TokenizerKind(rawValue: name) else {
          throw JSONFieldError(
            path: path + ".kind",
            problem: "is '\(excerpt(name))' at byte \(at), expected one of: "
              + TokenizerKind.allCases.map(\.rawValue).joined(separator: ", "))
        }
        kind = k
      case "vocabulary": vocabulary = try s.readStringArray()
      case "merges": merges = try s.readStringArray()
      case "special": special = try s.readStringArray()
      default: try s.skipValue()
      }
    }
    guard let kind else { throw JSONFieldError(path: path + ".kind", problem: "is missing") }
    guard let vocabulary else {
      throw JSONFieldError(path: path + ".vocabulary", problem: "is missing")
    }
    guard kind == .bpe else {
      self.init(kind: kind, vocabulary: vocabulary)
      return
    }
    do {
      try self.init(bytePairVocabulary: vocabulary, merges: merges, specialTokens: special)
    } catch {
      throw JSONFieldError(path: path + ".merges", problem: "do not fit the vocabulary: \(error)")
    }
  }
}
