import Testing
import TinyGPT

@testable import TraceKit

/// Traces that parse but disagree with themselves are refused on reading, with one line
/// naming the place; `Trace.validate()` is what `TraceFile.decode` runs before returning.
@Suite struct TraceValidationTests {
  /// 2 layers, d_model 8, 2 heads (d_head 4), d_mlp 16, n_ctx 8, 10 tokens; pass 0 has 4
  /// tokens, pass 1 has 5.
  static let config = ModelConfig(nLayers: 2, dModel: 8, nHeads: 2, dMLP: 16, nCtx: 8, dVocab: 10)

  /// The error reading back `makeTestTrace()` after `edit`, or nil when it reads.
  static func readingError(_ edit: (inout Trace) -> Void) -> String? {
    var trace = makeTestTrace(config: config)
    edit(&trace)
    return errorText { try TraceFile.decode(try TraceFile.encode(trace)) }
  }

  /// The index of activation `name` in pass `pass` of the test trace.
  static func index(_ name: String, pass: Int = 0) -> Int {
    makeTestTrace(config: config).passes[pass].activations.firstIndex { $0.name == name } ?? -1
  }

  @Test func theTestTraceAndALiveTraceAreValid() throws {
    try makeTestTrace(config: Self.config).validate()
    let model = try Model.randomlyInitialized(
      config: Self.config,
      tokenizer: Tokenizer(kind: .char, vocabulary: Array("abcdefghij").map(String.init)),
      seed: 1)
    let live = try model.trace(
      prompt: "abcabcabcabc", passCount: 2, modelName: "m", weightsSHA256: "00")
    try live.validate()  // cropped to n_ctx, with every hook of the forward pass
    #expect(try TraceFile.decode(TraceFile.encode(live)) == live)
  }

  @Test func fewerTokensThanActivationRows() {
    #expect(
      Self.readingError { $0.passes[0].tokens.removeLast() }
        == "trace file: activation hook_embed (passes[0].activations[0]) has shape [4, 8]; "
        + "expected [3, 8] [pos, d_model] for this pass and config")
  }

  @Test func emptyTokenList() {
    #expect(
      Self.readingError { $0.passes[1].tokens = [] }
        == "trace file: passes[1].tokens is empty; a pass has at least one token")
  }

  @Test func patternFoldedToTheSameCount() {
    let a = Self.index("blocks.1.attn.hook_pattern")
    let message = Self.readingError { $0.passes[0].activations[a].shape = [1, 4, 8] }
    #expect(
      message
        == "trace file: activation blocks.1.attn.hook_pattern (passes[0].activations[\(a)]) has "
        + "shape [1, 4, 8]; expected [2, 4, 4] [head, query_pos, key_pos] for this pass and config")
  }

  @Test func transposedEmbedding() {
    #expect(
      Self.readingError { $0.passes[0].activations[0].shape = [8, 4] }?
        .contains("hook_embed (passes[0].activations[0]) has shape [8, 4]; expected [4, 8]") == true
    )
  }

  @Test func headsThatDisagreeWithTheActivations() {
    // n_heads 4 (d_head 2) still divides d_model, but hook_q was recorded as [4, 2, 4].
    let q = Self.index("blocks.0.attn.hook_q")
    #expect(
      Self.readingError { $0.config.nHeads = 4 }
        == "trace file: activation blocks.0.attn.hook_q (passes[0].activations[\(q)]) has shape "
        + "[4, 2, 4]; expected [4, 4, 2] [pos, head, d_head] for this pass and config")
    // A d_head that contradicts d_model / n_heads is refused with the config.
    let text = String(decoding: (try? TraceFile.encode(makeTestTrace())) ?? [], as: UTF8.self)
    #expect(
      errorText {
        try TraceFile.decode(
          Array(text.replacingOccurrences(of: "\"d_head\":4", with: "\"d_head\":2").utf8))
      } == "trace file: config.d_head is 2; expected d_model / n_heads = 8 / 2")
  }

  @Test func hugeLayerCountFailsBeforeAllocating() throws {
    let text = String(decoding: try TraceFile.encode(makeTestTrace()), as: UTF8.self)
    for layers in ["1000000000", "9223372036854775807"] {
      let edited = text.replacingOccurrences(of: "\"n_layers\":2", with: "\"n_layers\":\(layers)")
      #expect(edited != text)
      let message = errorText { try TraceFile.decode(Array(edited.utf8)) }
      #expect(
        message?.hasPrefix("trace file: config.n_layers is \(layers) but passes[0] holds only ")
          == true)
    }
  }

  @Test func layersMustMatchTheConfig() {
    let a = Self.index("blocks.1.hook_resid_pre")
    #expect(
      Self.readingError { $0.passes[0].activations[a].name = "blocks.2.hook_resid_pre" }
        == "trace file: passes[0].activations[\(a)].name is blocks.2.hook_resid_pre, "
        + "but config.n_layers is 2")
    #expect(
      Self.readingError { t in t.passes[1].activations.removeAll { $0.name.hasPrefix("blocks.1.") }
      }
        == "trace file: passes[1].activations has none of layer 1 (config.n_layers is 2)")
  }

  @Test func namesAreUniqueAndUnknownNamesAreAllowed() {
    #expect(
      Self.readingError { $0.passes[0].activations[1].name = "hook_embed" }
        == "trace file: passes[0].activations[1].name repeats the name of an earlier activation")
    #expect(
      Self.readingError {
        $0.passes[0].activations.append(
          Activation(name: "my.probe", axes: ["i"], shape: [2], data: [-.infinity, 7]))
      } == nil)
  }

  @Test func partsTheConfigDoesNotHave() {
    #expect(
      Self.readingError { $0.config.normalizationType = nil }?
        .contains("ln1.hook_scale, but the config has no LayerNorm") == true)
    #expect(
      Self.readingError { $0.config.positionalEmbeddingType = .none }?
        .contains("is hook_pos_embed, but the config has no positional embedding") == true)
  }

  @Test func probabilitiesAreInTheUnitInterval() {
    let probs = Self.index("hook_probs")
    #expect(
      Self.readingError { $0.passes[0].activations[probs].data[5] = 1.5 }
        == "trace file: passes[0].activations[\(probs)].data[5] is 1.5; "
        + "hook_probs holds probabilities in [0, 1]")
    let pattern = Self.index("blocks.0.attn.hook_pattern")
    #expect(
      Self.readingError { $0.passes[0].activations[pattern].data[0] = -0.25 }?
        .contains("is -0.25; blocks.0.attn.hook_pattern holds probabilities in [0, 1]") == true)
    #expect(
      Self.readingError { $0.passes[0].candidates[1].probability = 1.25 }
        == "trace file: passes[0].candidates[1].probability is 1.25; expected a probability in [0, 1]"
    )
    #expect(
      Self.readingError { $0.passes[0].candidates[2].probability = 0.75 }
        == "trace file: passes[0].candidates[2].probability is 0.75, more than the candidate "
        + "before it (0.25); candidates are listed best first")
    #expect(
      Self.readingError { $0.passes[0].candidates[2] = $0.passes[0].candidates[0] }
        == "trace file: passes[0].candidates[2] repeats token id 0")
  }

  @Test func maskedValuesOnlyInTheScores() {
    #expect(
      Self.readingError { $0.passes[0].activations[0].data[7] = -.infinity }
        == "trace file: passes[0].activations[0].data[7] is -inf; "
        + "only attn.hook_attn_scores may hold -infinity (null)")
  }

  @Test func tokenIDsAreInsideTheVocabulary() {
    #expect(
      Self.readingError { $0.passes[1].tokens[2].id = 10 }
        == "trace file: passes[1].tokens[2] token id 10 is outside the vocabulary (size 10)")
    #expect(
      Self.readingError { $0.passes[0].candidates[0].id = -1 }
        == "trace file: passes[0].candidates[0] token id -1 is outside the vocabulary (size 10)")
    #expect(
      Self.readingError { $0.passes[0].chosen.id = 99 }
        == "trace file: passes[0].chosen token id 99 is outside the vocabulary (size 10)")
  }

  @Test func tokenTextsAreTheVocabularys() {
    #expect(
      Self.readingError { $0.passes[1].tokens[0].text = "cat" }
        == "trace file: passes[1].tokens[0].text is 'cat' but token 0 is 'the' in the vocabulary")
    #expect(
      Self.readingError { $0.passes[0].chosen.text = "a\nb" }
        == "trace file: passes[0].chosen.text is 'a\\nb' but token 1 is '\"quoted\"' in the vocabulary"
    )
  }

  @Test func tokenCountWithinTheContext() {
    #expect(
      Self.readingError { $0.config.nCtx = 4 }
        == "trace file: passes[1].tokens has 5 tokens but config.n_ctx is 4")
  }

  @Test func theTokenizerMatchesTheConfig() {
    #expect(
      Self.readingError {
        $0.tokenizer = Tokenizer(kind: .word, vocabulary: Array($0.tokenizer.vocabulary.dropLast()))
      }
        == "trace file: tokenizer.vocabulary has 9 tokens but config.d_vocab is 10")
    #expect(
      Self.readingError {
        var v = $0.tokenizer.vocabulary; v[3] = "the";
        $0.tokenizer = Tokenizer(kind: .word, vocabulary: v)
      }
        == "trace file: tokenizer.vocabulary[3] is 'the', the same as entry 0; "
        + "every entry must be distinct")
  }

  @Test func carriedWeightsHaveTheConfigsShapes() throws {
    let model = try Model.randomlyInitialized(
      config: Self.config,
      tokenizer: Tokenizer(kind: .word, vocabulary: (0..<10).map { "w\($0)" }), seed: 2)
    let weights = model.parameters.namedTensors().map {
      NamedTensor(name: $0.name, tensor: $0.tensor)
    }
    #expect(Self.readingError { $0.parameters = weights } == nil)
    let c = try #require(weights.firstIndex { $0.name == "transformer.h.1.attn.c_attn.weight" })
    #expect(
      Self.readingError {
        $0.parameters = weights
        $0.parameters[c].tensor = Tensor(shape: [24, 8], data: weights[c].tensor.data)
      }
        == "trace file: parameters.transformer.h.1.attn.c_attn.weight.shape is [24, 8]; "
        + "the config needs [8, 24]")
    #expect(
      Self.readingError { $0.parameters = weights + [weights[0]] }
        == "trace file: parameters.transformer.wte.weight is given twice")
    // Other names are allowed (a checkpoint's extra buffers).
    #expect(
      Self.readingError {
        $0.parameters =
          weights + [NamedTensor(name: "extra", tensor: Tensor(shape: [1], data: [0]))]
      } == nil)
  }

  @Test func atLeastOnePassAndSaneSampling() {
    #expect(
      Self.readingError { $0.passes = [] }
        == "trace file: passes is empty; a trace has at least one pass")
    #expect(
      Self.readingError { $0.sampling.topK = 0 }
        == "trace file: sampling.top_k is 0; expected null or at least 1")
    #expect(
      Self.readingError { $0.sampling.topP = 1.5 }
        == "trace file: sampling.top_p is 1.5; expected null or in (0, 1]")
  }
}
