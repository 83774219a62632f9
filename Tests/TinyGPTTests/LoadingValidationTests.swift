import Testing

@testable import TinyGPT

/// Loading checks: config fields named with what they hold and may hold, a config compared
/// with the file before anything is allocated for it, vocabularies a tokenizer can use.
@Suite struct LoadingValidationTests {
  static let config = ModelConfig(nLayers: 1, dModel: 4, nHeads: 2, dMLP: 8, nCtx: 4, dVocab: 5)
  static let configText = String(decoding: config.jsonBytes(), as: UTF8.self)

  /// The error decoding the config JSON after replacing `old` with `new`.
  static func configError(_ old: String, _ new: String) -> String? {
    let text = configText.replacingOccurrences(of: old, with: new)
    #expect(text != configText, "the edit \(old) applies")
    return errorText { try ModelConfig(jsonBytes: Array(text.utf8)) }
  }

  @Test func configErrorsSayFieldValueAndWhatIsAllowed() {
    #expect(
      Self.configError("\"act_fn\":\"gelu_new\"", "\"act_fn\":\"swish\"")
        == "config.act_fn is 'swish'; expected one of relu, gelu, gelu_new")
    #expect(
      Self.configError("\"n_layers\":1", "\"n_layers\":2.5")
        == "config.n_layers is 2.5; expected a whole number")
    #expect(
      Self.configError("\"d_model\":4", "\"d_model\":\"four\"")
        == "config.d_model is 'four'; expected a whole number")
    #expect(
      Self.configError("\"n_ctx\":4", "\"n_ctx\":99999999999999999999")
        == "config.n_ctx is 99999999999999999999; expected a whole number")
    #expect(
      Self.configError("\"normalization_type\":\"LN\"", "\"normalization_type\":\"RMS\"")
        == "config.normalization_type is 'RMS'; expected one of LN, null")
    #expect(
      Self.configError(
        "\"positional_embedding_type\":\"standard\"", "\"positional_embedding_type\":[1]")
        == "config.positional_embedding_type is [1]; expected one of standard, sinusoidal, none")
    #expect(
      Self.configError("\"tie_word_embeddings\":true", "\"tie_word_embeddings\":1")
        == "config.tie_word_embeddings is 1; expected true or false")
    #expect(
      Self.configError("\"ln_eps\":1e-05", "\"ln_eps\":null")
        == "config.ln_eps is null; expected a number such as 1e-05")
    #expect(Self.configError("\"d_mlp\":8,", "") == "config.d_mlp is missing")
    #expect(
      Self.configError("\"n_heads\":2", "\"n_heads\":3")
        == "config.n_heads must divide d_model (4), got 3")
    #expect(
      Self.configError("\"d_head\":2", "\"d_head\":3")
        == "config.d_head is 3; expected d_model / n_heads = 4 / 2")
    #expect(
      Self.configError("{", "{\"n_layers\":1,") == "config.n_layers is given twice")
    // A long or multi-line value is cut to one short line.
    let long = String(repeating: "x", count: 500) + "\\n"
    let message = Self.configError("\"act_fn\":\"gelu_new\"", "\"act_fn\":\"\(long)\"")
    #expect(message?.count ?? 0 < 120)
    #expect(message?.contains("\n") == false)
  }

  @Test func configErrorsReachTheReaders() throws {
    let text = String(
      decoding: try WeightsFile.encode(makeTestModel(Self.config), format: .json), as: UTF8.self)
    let swish = text.replacingOccurrences(
      of: "\"act_fn\":\"gelu_new\"", with: "\"act_fn\":\"swish\"")
    #expect(
      errorText { try WeightsFile.decode(Array(swish.utf8), format: .json) }
        == "weights file: config.act_fn is 'swish'; expected one of relu, gelu, gelu_new")
  }

  @Test func sizesAreComputedWithoutTheList() {
    // Independent of the arithmetic: count the canonical list itself.
    for config in [
      Self.config,
      ModelConfig(
        nLayers: 3, dModel: 6, nHeads: 3, dMLP: 5, nCtx: 7, dVocab: 11, normalizationType: nil,
        positionalEmbeddingType: .none, tieWordEmbeddings: false),
      ModelConfig(
        nLayers: 2, dModel: 8, nHeads: 2, dMLP: 3, nCtx: 9, dVocab: 4,
        positionalEmbeddingType: .sinusoidal),
      ModelConfig(nLayers: 12, dModel: 768, nHeads: 12, dMLP: 3072, nCtx: 1024, dVocab: 50257),
    ] {
      let list = Parameters.expectedShapes(for: config)
      #expect(config.expectedTensorCount == list.count)
      #expect(config.parameterCount == list.reduce(0) { $0 + $1.shape.reduce(1, *) })
    }
    // GPT-2 small without its lm_head copy: 124,439,808 weights.
    let gpt2 = ModelConfig(
      nLayers: 12, dModel: 768, nHeads: 12, dMLP: 3072, nCtx: 1024, dVocab: 50257)
    #expect(gpt2.parameterCount == 124_439_808)
    var huge = gpt2
    huge.dModel = Int.max / 2
    #expect(huge.parameterCount == nil)
    huge.nLayers = Int.max
    #expect(huge.expectedTensorCount == nil)
  }

  /// A config with `n_layers` in the millions or billions fails at once in both readers,
  /// before a list of every expected tensor is built (which would take gigabytes).
  @Test(arguments: ["1000000", "1000000000", "9223372036854775807"])
  func hugeLayerCountsFailBeforeAllocating(_ layers: String) throws {
    let model = makeTestModel(Self.config)
    let json = String(
      decoding: try WeightsFile.encode(model, format: .json), as: UTF8.self
    ).replacingOccurrences(of: "\"n_layers\":1", with: "\"n_layers\":\(layers)")
    // 12 tensors a layer + wte, wpe, ln_f.weight, ln_f.bias; the file has 16.
    let needed = [
      "1000000": "12000004", "1000000000": "12000000004", "9223372036854775807": "too many",
    ][layers, default: "?"]
    let expected =
      "the config needs \(needed) tensors (n_layers = \(layers)) but the file holds only 16 tensors"
    #expect(errorText { try WeightsFile.decode(Array(json.utf8), format: .json) } == expected)
    let bytes = try WeightsFile.encode(model, format: .safetensors)
    let edited = editedHeader(bytes) {
      $0.replacingOccurrences(of: "\\\"n_layers\\\":1", with: "\\\"n_layers\\\":\(layers)")
    }
    let safetensorsError = errorText { try WeightsFile.decode(edited, format: .safetensors) }
    #expect(safetensorsError == expected)
  }

  @Test func aFewMissingTensorsAreStillNamed() throws {
    var config = Self.config
    config.nLayers = 2
    let text = String(
      decoding: try WeightsFile.encode(makeTestModel(Self.config), format: .json), as: UTF8.self
    ).replacingOccurrences(of: "\"n_layers\":1", with: "\"n_layers\":2")
    #expect(
      errorText { try WeightsFile.decode(Array(text.utf8), format: .json) }
        == "missing tensor transformer.h.1.ln_1.weight")
  }

  @Test func vocabulariesATokenizerCanUse() {
    func problem(_ kind: TokenizerKind, _ vocabulary: [String]) -> String? {
      errorText { try Tokenizer(kind: kind, vocabulary: vocabulary).validateVocabulary() }
    }
    #expect(problem(.word, ["the", "cat", ".", "<unused-3>"]) == nil)
    #expect(problem(.char, ["a", " ", "😀", "<unused-3>"]) == nil)
    #expect(
      problem(.word, ["the", "cat", "the"])
        == "tokenizer.vocabulary[2] is 'the', the same as entry 0; every entry must be distinct")
    #expect(
      problem(.word, ["the", ""])
        == "tokenizer.vocabulary[1] is empty; no text is cut into an empty token")
    #expect(
      problem(.word, ["the cat"])
        == "tokenizer.vocabulary[0] is 'the cat', which contains whitespace; a word token never does"
    )
    #expect(
      problem(.char, ["a", "bc"])
        == "tokenizer.vocabulary[1] is 'bc', not one character; a char tokenizer's tokens are characters"
    )
    #expect(problem(.char, ["a", "<a b>"]) != nil)
  }

  /// The rules as `Character` states them, written here without the ASCII fast path.
  static func referenceProblem(_ kind: TokenizerKind, _ entry: String) -> Bool {
    switch kind {
    case .word: return entry.contains(where: \.isWhitespace)
    case .char:
      let reserved =
        entry.hasPrefix("<") && entry.hasSuffix(">") && !entry.contains(where: \.isWhitespace)
      return entry.count != 1 && !reserved
    case .bpe: return false
    }
  }

  @Test func asciiFastPathGivesCharactersVerdictOnEveryShortASCIIEntry() {
    let bytes = (1..<128).map { UInt8($0) }
    var entries = bytes.map { String(decoding: [$0], as: UTF8.self) }
    for a in bytes { for b in bytes { entries.append(String(decoding: [a, b], as: UTF8.self)) } }
    for middle in bytes { entries.append(String(decoding: [60, middle, 62], as: UTF8.self)) }
    entries += ["\r\n", "a\r\n", "\r\nb", "<\r\n>", "<unused-12>", "<a b>", "<>", "<x>y"]
    for entry in entries {
      #expect(
        Tokenizer.containsWhitespace(entry) == Self.referenceProblem(.word, entry),
        "\(entry.unicodeScalars.map(\.value))")
      #expect(
        !Tokenizer.isOneCharacterOrReserved(entry) == Self.referenceProblem(.char, entry),
        "\(entry.unicodeScalars.map(\.value))")
    }
  }

  @Test func nonASCIIEntriesAreJudgedByCharacter() {
    let entries = [
      "a\u{A0}b", "\u{3000}", "x\u{2028}", "\u{85}", "\u{1680}y", "caf\u{E9}", "cafe\u{301}",
      "e\u{301}", "\u{600} ", "\u{600}\t", " \u{301}", "<a\u{A0}b>", "<\u{2003}>", "<\u{338}x>",
      "\u{1F600}", "\u{1F1EB}\u{1F1F7}", "\r\u{301}", "<\u{E9}>", "\u{200B}", "\u{FEFF}",
    ]
    for entry in entries {
      for kind in [TokenizerKind.word, .char] {
        let vocabulary = ["ok", "<unused-1>", entry].filter { kind == .word || $0 != "ok" }
        let found = Tokenizer(kind: kind, vocabulary: vocabulary).vocabularyProblem()
        #expect(
          (found != nil) == Self.referenceProblem(kind, entry),
          "\(kind) \(entry.unicodeScalars.map(\.value))")
      }
    }
  }

  @Test func whitespaceAndControlMessagesAreUnchanged() {
    func problem(_ kind: TokenizerKind, _ vocabulary: [String]) -> String? {
      errorText { try Tokenizer(kind: kind, vocabulary: vocabulary).validateVocabulary() }
    }
    #expect(
      problem(.word, ["ok", "no\u{A0}break"])
        == "tokenizer.vocabulary[1] is 'no\u{A0}break', which contains whitespace; a word token never does"
    )
    #expect(
      problem(.word, ["ok", "wide\u{3000}"])
        == "tokenizer.vocabulary[1] is 'wide\u{3000}', which contains whitespace; a word token never does"
    )
    #expect(
      problem(.word, ["tab\there"])
        == "tokenizer.vocabulary[0] is 'tab\\there', which contains whitespace; a word token never does"
    )
    #expect(problem(.word, ["bell\u{7}", "sep\u{1C}"]) == nil)  // controls, not whitespace
    #expect(
      problem(.char, ["a", "\u{7}\u{7}"])
        == "tokenizer.vocabulary[1] is '\\u{7}\\u{7}', not one character; a char tokenizer's tokens are characters"
    )
    #expect(problem(.char, ["a", "\r\n", "\u{3000}", "<unused-3>"]) == nil)
    #expect(
      problem(.char, ["a", "<un used>"])
        == "tokenizer.vocabulary[1] is '<un used>', not one character; a char tokenizer's tokens are characters"
    )
  }

  @Test func loadersRefuseUnusableVocabularies() throws {
    let model = makeTestModel(Self.config)  // vocabulary tok0 ... tok4
    let json = String(decoding: try WeightsFile.encode(model, format: .json), as: UTF8.self)
    let duplicated = json.replacingOccurrences(of: "\"tok3\"", with: "\"tok1\"")
    #expect(
      errorText { try WeightsFile.decode(Array(duplicated.utf8), format: .json) }
        == "weights file: tokenizer.vocabulary[3] is 'tok1', the same as entry 1; "
        + "every entry must be distinct")
    let spaced = editedHeader(try WeightsFile.encode(model, format: .safetensors)) {
      $0.replacingOccurrences(of: "\\\"tok2\\\"", with: "\\\"tok 2\\\"")
    }
    #expect(
      errorText { try WeightsFile.decode(spaced, format: .safetensors) }?
        .contains("tokenizer.vocabulary[2] is 'tok 2', which contains whitespace") == true)
  }
}

/// A safetensors file with its header rewritten by `edit` and re-padded.
private func editedHeader(_ bytes: [UInt8], _ edit: (String) -> String) -> [UInt8] {
  let n = bytes[0..<8].reversed().reduce(0) { $0 << 8 | Int($1) }
  var header = Array(edit(String(decoding: bytes[8..<(8 + n)], as: UTF8.self)).utf8)
  while header.count % 8 != 0 { header.append(32) }
  var out: [UInt8] = (0..<8).map { UInt8(truncatingIfNeeded: header.count >> (8 * $0)) }
  out += header
  out += bytes[(8 + n)...]
  return out
}
