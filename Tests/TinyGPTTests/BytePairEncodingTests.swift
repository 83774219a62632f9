import Foundation
import TensorFiles
import Testing

@testable import TinyGPT

/// The small byte-level BPE fixture (`Fixtures/make_bpe_fixture.py`): ids computed by Hugging
/// Face `tokenizers` and checked there against OpenAI's `encoder.py` algorithm.
enum BPEFixture {
  static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("Fixtures/bpe").path

  static func path(_ name: String) -> String {
    (directory as NSString).appendingPathComponent(name)
  }

  static func tokenizer() throws -> Tokenizer {
    try #require(try Tokenizer.readGPT2(directory: directory))
  }

  /// `(text, ids)` of every hard string.
  static func expected() throws -> [(text: String, ids: [Int])] {
    struct Case: Decodable {
      var text: String
      var ids: [Int]
    }
    let data = try Data(contentsOf: URL(fileURLWithPath: path("expected.json")))
    return try JSONDecoder().decode([Case].self, from: data).map { ($0.text, $0.ids) }
  }
}

@Suite struct BytePairEncodingTests {
  @Test func hardStringsGiveTheReferenceIdsAndDecodeBack() throws {
    let tokenizer = try BPEFixture.tokenizer()
    let bpe = try #require(tokenizer.bytePairEncoding)
    let cases = try BPEFixture.expected()
    #expect(cases.count > 30)
    for (text, ids) in cases {
      #expect(try bpe.encode(text) == ids, "\(text.debugDescription)")
      #expect(bpe.decode(ids) == text, "\(text.debugDescription)")
    }
    #expect(tokenizer.vocabulary.count == 577)
    #expect(tokenizer.bytePairEncoding?.merges.count == 320)
  }

  @Test func everyFileLayoutGivesTheSameTokenizer() throws {
    let fromVocab = try BPEFixture.tokenizer()
    let fromJSON = try Tokenizer.readTokenizerJSON(BPEFixture.path("tokenizer.json"))
    #expect(fromJSON == fromVocab)
    // OpenAI's names for the same two files.
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent(
      "bpe-openai-\(ProcessInfo.processInfo.processIdentifier)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    try FileManager.default.copyItem(
      atPath: BPEFixture.path("vocab.json"), toPath: dir.appendingPathComponent("encoder.json").path
    )
    try FileManager.default.copyItem(
      atPath: BPEFixture.path("merges.txt"), toPath: dir.appendingPathComponent("vocab.bpe").path)
    #expect(try Tokenizer.readGPT2(directory: dir.path) == fromVocab)
    #expect(try Tokenizer.readGPT2(directory: dir.appendingPathComponent("none").path) == nil)
  }

  @Test func endOfTextIsOneTokenAndEmptyPromptsAreRefused() throws {
    let tokenizer = try BPEFixture.tokenizer()
    let eot = try #require(tokenizer.id(of: "<|endoftext|>"))
    #expect(try tokenizer.encode("<|endoftext|>") == [eot])
    #expect(tokenizer.text(of: eot) == "<|endoftext|>")
    #expect(throws: ModelError.emptyPrompt) { try tokenizer.encode("") }
  }

  @Test func randomStringsRoundTrip() throws {
    let bpe = try #require(try BPEFixture.tokenizer().bytePairEncoding)
    // Scalars from every class the pre-tokenizer knows, with contractions and special text.
    let pool: [String] = [
      "a", "Z", "é", "ß", "漢", "😀", "👍🏽", "1", "٣", "½", " ", "  ", "\t", "\n", "\r\n", "\u{a0}",
      "'", "'s", "'re", "'S", "!", "?", ".", "-", "<|endoftext|>", "<|", "\u{301}", "\u{200b}",
      "\u{0}", "\u{7f}", "€",
    ]
    var rng = RandomSource(seed: 7)
    for _ in 0..<300 {
      let length = Int(rng.next() % 12)
      let text = (0..<length).map { _ in pool[Int(rng.next() % UInt64(pool.count))] }
        .joined()
      let ids = try bpe.encode(text)
      #expect(bpe.decode(ids) == text, "\(text.debugDescription)")
      #expect(text.isEmpty == ids.isEmpty)
    }
  }

  @Test func tokensAreShownReadably() throws {
    let tokenizer = try BPEFixture.tokenizer()
    func id(_ token: String) throws -> Int { try #require(tokenizer.id(of: token)) }
    #expect(try tokenizer.text(of: id("Ġ")) == "␣")
    #expect(try tokenizer.text(of: id("Ċ")) == "\\n")
    #expect(try tokenizer.text(of: id("ĉ")) == "\\t")
    #expect(try tokenizer.text(of: id("â")) == "<0xE2>")  // the byte 0xE2, not the letter â
    #expect(try tokenizer.text(of: id("a")) == "a")
    #expect(try tokenizer.text(of: id("Ā")) == "<0x00>")
    // "é" is the two bytes C3 A9: shown as the letter when both are in one token.
    let ids = try tokenizer.encode("é")
    let shown = ids.map { tokenizer.text(of: $0) }.joined()
    #expect(shown == (ids.count == 1 ? "é" : "<0xC3><0xA9>"))
    #expect(BytePairEncoding.displayText(ofBytes: [0x20, 0x68, 0xC3, 0xA9, 0xE2]) == "␣hé<0xE2>")
  }

  @Test func weightsFileJSONCarriesMergesAndSpecialTokens() throws {
    let tokenizer = try BPEFixture.tokenizer()
    var w = JSONWriter()
    tokenizer.writeJSON(to: &w)
    let text = String(decoding: w.bytes, as: UTF8.self)
    #expect(text.hasPrefix("{\"kind\": \"bpe\", \"vocabulary\": [\"!\""))
    #expect(text.contains("\"merges\": [\""))
    #expect(text.hasSuffix("\"special\": [\"<|endoftext|>\"]}"))
    let back = try w.bytes.withUnsafeBufferPointer { b in
      var s = JSONScanner(b)
      return try Tokenizer(json: &s, path: "tokenizer")
    }
    #expect(back == tokenizer)
    #expect(try back.encode("It's 漢字!") == tokenizer.encode("It's 漢字!"))
    // Word and char tokenizers keep their two-field form.
    var plain = JSONWriter()
    Tokenizer(kind: .word, vocabulary: ["a", "b"]).writeJSON(to: &plain)
    #expect(
      String(decoding: plain.bytes, as: UTF8.self)
        == "{\"kind\": \"word\", \"vocabulary\": [\"a\", \"b\"]}")
  }

  @Test func mergesThatDoNotFitTheVocabularyAreRefused() throws {
    let vocabulary = ByteLevel.characters.map { String(Character($0)) }
    #expect(throws: ModelError.self) {
      try Tokenizer(bytePairVocabulary: vocabulary, merges: ["a b"], specialTokens: [])
    }
    #expect(throws: ModelError.self) {
      try Tokenizer(bytePairVocabulary: vocabulary, merges: ["ab"], specialTokens: [])
    }
    #expect(throws: ModelError.self) {
      try Tokenizer(bytePairVocabulary: vocabulary, merges: [], specialTokens: ["<|x|>"])
    }
    // Bytes alone: every string still encodes, one token per byte.
    let bytesOnly = try Tokenizer(bytePairVocabulary: vocabulary, merges: [], specialTokens: [])
    #expect(try bytesOnly.encode("hé") == [0x68, 0xC3, 0xA9])  // id = byte in this vocabulary
  }
}
