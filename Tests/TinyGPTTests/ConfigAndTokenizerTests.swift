import Foundation
import Testing

@testable import TinyGPT

@Suite struct ConfigAndTokenizerTests {
  let base = ModelConfig(nLayers: 1, dModel: 8, nHeads: 2, dMLP: 16, nCtx: 4, dVocab: 5)

  @Test func nonsenseConfigsAreRefusedNamingTheField() throws {
    var c = base
    c.nHeads = 3
    #expect(
      throws: ModelError.invalidConfig(field: "n_heads", reason: "must divide d_model (8), got 3")
    ) {
      try c.validate()
    }
    c = base
    c.nCtx = 0
    #expect { try c.validate() } throws: { "\($0)".contains("n_ctx") }
    c = base
    c.dModel = 0
    #expect { try c.validate() } throws: { "\($0)".contains("d_model") }
    c = base
    c.nLayers = 0
    #expect { try c.validate() } throws: { "\($0)".contains("n_layers") }
    try base.validate()
  }

  @Test func configJSONUsesTransformerLensNames() throws {
    var c = base
    c.normalizationType = nil
    let json = String(decoding: try JSONEncoder().encode(c), as: UTF8.self)
    for key in [
      "n_layers", "d_model", "n_heads", "d_head", "d_mlp", "n_ctx", "d_vocab", "act_fn",
      "positional_embedding_type", "ln_eps", "tie_word_embeddings",
    ] {
      #expect(json.contains("\"\(key)\""), "\(key)")
    }
    #expect(json.contains("\"normalization_type\":null"))
    #expect(try JSONDecoder().decode(ModelConfig.self, from: Data(json.utf8)) == c)
    let bad = json.replacingOccurrences(of: "\"n_heads\":2", with: "\"n_heads\":3")
    #expect(throws: ModelError.self) {
      try JSONDecoder().decode(ModelConfig.self, from: Data(bad.utf8))
    }
  }

  @Test func wordTokenizerLowercasesAndSplitsPunctuation() throws {
    let t = Tokenizer(
      kind: .word, vocabulary: ["the", "robots", "will", "bring", "prosperity", ".", ","])
    #expect(
      t.split("The robots, will bring prosperity.") == [
        "the", "robots", ",", "will", "bring", "prosperity", ".",
      ])
    #expect(try t.encode("the ROBOTS will bring") == [0, 1, 2, 3])
    #expect(t.decode([0, 1, 5]) == "the robots.")
  }

  @Test func unknownWordsAndEmptyPromptsAreErrors() {
    let t = Tokenizer(kind: .word, vocabulary: ["the", "robots", "robot", "will", "bring"])
    #expect(throws: ModelError.unknownToken("robts", suggestions: ["robots", "robot"])) {
      try t.encode("the robts")
    }
    #expect(throws: ModelError.emptyPrompt) { try t.encode("   ") }
    let message = "\(ModelError.unknownToken("robts", suggestions: ["robot", "robots"]))"
    #expect(message == "'robts' is not in the model's vocabulary (did you mean: robot, robots?)")
  }

  @Test func charTokenizer() throws {
    let t = Tokenizer(kind: .char, vocabulary: ["a", "b", "c", "|"])
    #expect(try t.encode("cab|") == [2, 0, 1, 3])
    #expect(t.decode([0, 1, 2]) == "abc")
    #expect(throws: ModelError.self) { try t.encode("abd") }
  }
}
