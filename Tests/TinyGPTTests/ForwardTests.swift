import Testing

@testable import TinyGPT

/// Every activation the issue lists, in order, with its documented shape; and equal to an
/// independent Double-precision computation.
@Suite struct ForwardTests {
  static let variants: [(NormalizationType?, PositionalEmbeddingType, ActivationFunction, Bool)] = [
    (.layerNorm, .standard, .geluNew, true), (nil, .standard, .relu, true),
    (.layerNorm, .sinusoidal, .gelu, false), (nil, .none, .geluNew, false),
    (.layerNorm, .none, .relu, true), (nil, .sinusoidal, .gelu, true),
  ]

  @Test func namesOfOneLayerModelWithLayerNormAreExactlyTheDocumentedList() {
    var model = testModel()
    model.config.nLayers = 1
    model.parameters.blocks.removeLast()
    var rec = CollectingRecorder()
    _ = model.forward([1, 2, 3], hooks: &rec)
    #expect(
      rec.names == [
        "hook_embed", "hook_pos_embed", "blocks.0.hook_resid_pre", "blocks.0.ln1.hook_scale",
        "blocks.0.ln1.hook_normalized", "blocks.0.ln1.hook_out", "blocks.0.attn.hook_q",
        "blocks.0.attn.hook_k", "blocks.0.attn.hook_v", "blocks.0.attn.hook_attn_scores_unmasked",
        "blocks.0.attn.hook_attn_scores", "blocks.0.attn.hook_pattern", "blocks.0.attn.hook_z",
        "blocks.0.attn.hook_result", "blocks.0.hook_attn_out", "blocks.0.hook_resid_mid",
        "blocks.0.ln2.hook_scale", "blocks.0.ln2.hook_normalized", "blocks.0.ln2.hook_out",
        "blocks.0.mlp.hook_pre", "blocks.0.mlp.hook_post", "blocks.0.hook_mlp_out",
        "blocks.0.hook_resid_post", "ln_final.hook_scale", "ln_final.hook_normalized",
        "ln_final.hook_out", "unembed.hook_out", "hook_probs",
      ])
    #expect(rec("blocks.0.attn.hook_q").shape == [3, 2, 4])
    #expect(rec("blocks.0.attn.hook_pattern").shape == [2, 3, 3])
    #expect(rec("blocks.0.attn.hook_result").shape == [3, 2, 8])
    #expect(rec("blocks.0.ln1.hook_scale").shape == [3, 1])
    #expect(rec("blocks.0.mlp.hook_pre").shape == [3, 12])
    #expect(rec("hook_probs").shape == [3, 10])
  }

  @Test(arguments: 0..<variants.count)
  func everyActivationPresentInOrderWithItsShape(variant: Int) {
    let (norm, pos, act, tied) = Self.variants[variant]
    let model = testModel(normalization: norm, positional: pos, actFn: act, tied: tied)
    var rec = CollectingRecorder()
    _ = model.forward([3, 1, 4, 1, 5], hooks: &rec)
    let expected = ActivationName.all(for: model.config)
    #expect(rec.names == expected.map(\.description))
    #expect(rec.names.contains("hook_pos_embed") == (pos != .none))
    #expect(rec.names.contains { $0.contains("ln") } == (norm != nil))
    for name in expected {
      #expect(
        rec(name.description).shape == name.point.shape(pos: 5, config: model.config), "\(name)")
    }
  }

  @Test(arguments: 0..<variants.count)
  func everyActivationMatchesTheIndependentReference(variant: Int) {
    let (norm, pos, act, tied) = Self.variants[variant]
    let model = testModel(normalization: norm, positional: pos, actFn: act, tied: tied)
    let tokens = [3, 1, 4, 1, 5, 9]
    var rec = CollectingRecorder()
    let logits = model.forward(tokens, hooks: &rec)
    let reference = referenceForward(model, tokens)
    #expect(Set(reference.keys) == Set(rec.names))
    for name in rec.names {
      #expect(close(rec(name).data, reference[name] ?? []), "\(name) differs from the reference")
    }
    #expect(close(logits.data, reference["unembed.hook_out"] ?? []))
  }

  @Test func theReferenceComparisonCanFail() {
    // Guards the test above: a model whose weights differ from the one the reference sees.
    let model = testModel()
    var changed = model
    changed.parameters.blocks[1].fcBias[0] += 0.5
    var rec = CollectingRecorder()
    _ = changed.forward([1, 2, 3], hooks: &rec)
    let reference = referenceForward(model, [1, 2, 3])
    #expect(!close(rec("blocks.1.mlp.hook_pre").data, reference["blocks.1.mlp.hook_pre"] ?? []))
  }

  @Test func untracedForwardGivesTheSameLogits() {
    let model = testModel()
    var rec = CollectingRecorder()
    let traced = model.forward([1, 2, 3, 4], hooks: &rec)
    #expect(model.forward([1, 2, 3, 4]) == traced)
  }
}
