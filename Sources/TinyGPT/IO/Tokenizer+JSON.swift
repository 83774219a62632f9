import TensorFiles

extension Tokenizer {
  /// Writes `{"kind": ..., "vocabulary": [...]}` on one line.
  public func writeJSON(to writer: inout JSONWriter) {
    writer.raw("{\"kind\": ")
    writer.string(kind.rawValue)
    writer.raw(", \"vocabulary\": ")
    writer.strings(vocabulary)
    writer.raw("}")
  }

  /// Reads `{"kind": ..., "vocabulary": [...]}`; `path` names it in errors.
  public init(json scanner: inout JSONScanner, path: String) throws {
    var kind: TokenizerKind?
    var vocabulary: [String]?
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
      default: try s.skipValue()
      }
    }
    guard let kind else { throw JSONFieldError(path: path + ".kind", problem: "is missing") }
    guard let vocabulary else {
      throw JSONFieldError(path: path + ".vocabulary", problem: "is missing")
    }
    self.init(kind: kind, vocabulary: vocabulary)
  }
}
