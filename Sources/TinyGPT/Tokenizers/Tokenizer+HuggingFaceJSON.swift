import TensorFiles

extension Tokenizer {
  /// Reads a Hugging Face `tokenizer.json` whose model is a byte-level BPE (GPT-2's kind):
  /// `model.vocab`, `model.merges` (as `"a b"` strings or `["a", "b"]` pairs) and the special
  /// `added_tokens`. Also reads back the WordLevel files `tracer export` writes for word and
  /// char tokenizers (a `Split` pre-tokenizer means char, a `Sequence` word). Refuses other
  /// models and pre-tokenizers by name.
  static func readTokenizerJSON(_ path: String) throws -> Tokenizer {
    let bytes = try FileBytes.read(contentsOf: path)
    var modelType: String?
    var preTokenizer: String?
    var pairs: [(String, Int)] = []
    var merges: [String] = []
    var added: [(content: String, id: Int, special: Bool)] = []
    do {
      try bytes.withUnsafeBufferPointer { buffer in
        var s = JSONScanner(buffer)
        try s.readObject { s, key in
          switch key {
          case "model":
            try s.readObject { s, field in
              switch field {
              case "type": modelType = try s.readString()
              case "vocab": pairs = try readVocabularyObject(&s, path: path)
              case "merges": merges = try readMergeList(&s)
              default: try s.skipValue()
              }
            }
          case "pre_tokenizer":
            if try s.readNullIfPresent() { return }
            try s.readObject { s, field in
              if field == "type" { preTokenizer = try s.readString() } else { try s.skipValue() }
            }
          case "added_tokens":
            try s.readArray { s, _ in
              var content = ""
              var id = -1
              var special = false
              try s.readObject { s, field in
                switch field {
                case "content": content = try s.readString()
                case "id": id = try s.readInt()
                case "special": special = try s.readBool()
                default: try s.skipValue()
                }
              }
              added.append((content, id, special))
            }
          default: try s.skipValue()
          }
        }
      }
    } catch let error as JSONSyntaxError {
      throw ModelError.malformedFile("\(path): \(error)")
    }
    if modelType == "WordLevel", preTokenizer == "Split" || preTokenizer == "Sequence" {
      return Tokenizer(
        kind: preTokenizer == "Split" ? .char : .word,
        vocabulary: try denseVocabulary(pairs, path: path))
    }
    guard modelType == "BPE" else {
      throw ModelError.malformedFile(
        "\(path): the tokenizer model is \(excerpt(modelType ?? "missing")); only GPT-2's byte-level BPE is supported"
      )
    }
    guard preTokenizer == "ByteLevel" else {
      throw ModelError.malformedFile(
        "\(path): the pre-tokenizer is \(excerpt(preTokenizer ?? "none")); only GPT-2's ByteLevel is supported"
      )
    }
    // Added tokens take their ids; ones beyond the model's vocabulary extend it.
    for token in added where !pairs.contains(where: { $0.1 == token.id }) {
      guard token.id >= 0 && token.id < maximumVocabularySize else {
        throw ModelError.malformedFile("\(path): added token id \(token.id) is out of range")
      }
      pairs.append((token.content, token.id))
    }
    let vocabulary = try denseVocabulary(pairs, path: path)
    var special = added.filter(\.special).map(\.content)
    if special.isEmpty && vocabulary.contains(endOfText) { special = [endOfText] }
    do {
      return try Tokenizer(bytePairVocabulary: vocabulary, merges: merges, specialTokens: special)
    } catch {
      throw ModelError.malformedFile("\(path): \(error)")
    }
  }

  /// Reads `model.merges`: `["a b", ...]` or `[["a", "b"], ...]`.
  private static func readMergeList(_ s: inout JSONScanner) throws -> [String] {
    var merges: [String] = []
    try s.readArray { s, _ in
      if try s.peek() == UInt8(ascii: "[") {
        let parts = try s.readStringArray()
        guard parts.count == 2 else {
          throw JSONSyntaxError.malformed(offset: s.offset, expected: "a pair of tokens")
        }
        merges.append(parts[0] + " " + parts[1])
      } else {
        merges.append(try s.readString())
      }
    }
    return merges
  }
}
