import Testing

@testable import TinyGPT

@Suite struct WeightSlotTests {
  @Test func namesAndShapesAreGPT2s() {
    // GPT2LMHeadModel(n_layer=1, n_embd=8, n_inner=12, n_positions=6, vocab_size=10)
    // .state_dict() without the attn.bias buffers, written out by hand.
    let config = ModelConfig(nLayers: 1, dModel: 8, nHeads: 2, dMLP: 12, nCtx: 6, dVocab: 10)
    let expected: [(String, [Int])] = [
      ("transformer.wte.weight", [10, 8]), ("transformer.wpe.weight", [6, 8]),
      ("transformer.h.0.ln_1.weight", [8]), ("transformer.h.0.ln_1.bias", [8]),
      ("transformer.h.0.attn.c_attn.weight", [8, 24]), ("transformer.h.0.attn.c_attn.bias", [24]),
      ("transformer.h.0.attn.c_proj.weight", [8, 8]), ("transformer.h.0.attn.c_proj.bias", [8]),
      ("transformer.h.0.ln_2.weight", [8]), ("transformer.h.0.ln_2.bias", [8]),
      ("transformer.h.0.mlp.c_fc.weight", [8, 12]), ("transformer.h.0.mlp.c_fc.bias", [12]),
      ("transformer.h.0.mlp.c_proj.weight", [12, 8]), ("transformer.h.0.mlp.c_proj.bias", [8]),
      ("transformer.ln_f.weight", [8]), ("transformer.ln_f.bias", [8]),
    ]
    let got = Parameters.expectedShapes(for: config)
    #expect(got.map(\.name) == expected.map(\.0))
    #expect(got.map(\.shape) == expected.map(\.1))
    var untied = config
    untied.tieWordEmbeddings = false
    untied.normalizationType = nil
    untied.positionalEmbeddingType = .none
    #expect(
      Parameters.expectedShapes(for: untied).map(\.name)
        == ["transformer.wte.weight"]
        + expected.map(\.0).filter { $0.contains(".h.0.") && !$0.contains("ln_") }
        + ["lm_head.weight"])
    #expect(
      WeightSlot.blockName(layer: 3, "attn.c_attn.weight") == "transformer.h.3.attn.c_attn.weight")
  }

  @Test func namesWithoutTheTransformerPrefixAreAccepted() throws {
    for tied in [true, false] {
      let model = testModel(tied: tied)
      let named = model.parameters.namedTensors()
      #expect(named.map(\.name) == Parameters.expectedShapes(for: model.config).map(\.name))
      var bare: [String: Tensor] = [:]
      for (name, tensor) in named { bare[Parameters.withoutTransformerPrefix(name)] = tensor }
      #expect(bare["wte.weight"] != nil && bare["h.1.mlp.c_fc.bias"] != nil)
      #expect(try Parameters(named: bare, config: model.config) == model.parameters)
      bare["wte.weight"] = nil
      #expect(throws: ModelError.missingTensor("transformer.wte.weight")) {
        try Parameters(named: bare, config: model.config)
      }
    }
  }
}
