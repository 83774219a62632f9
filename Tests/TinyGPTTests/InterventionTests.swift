import Testing

@testable import TinyGPT

/// Every intervention against the independent reference forward pass, making the same change
/// from its definition, for every hook, with and without LayerNorm.
@Suite struct InterventionTests {
  static let cases: [(spec: [Intervention], edits: ReferenceEdits)] = [
    ([.ablateHead(layer: 0, head: 1)], ReferenceEdits(zeroHeads: [[0, 1]])),
    ([.ablateHead(layer: 1, head: 0)], ReferenceEdits(zeroHeads: [[1, 0]])),
    ([.ablateAttention(layer: 0)], ReferenceEdits(zeroAttention: [0])),
    ([.ablateMLP(layer: 1)], ReferenceEdits(zeroMLP: [1])),
    ([.ablatePositions], ReferenceEdits(noPositions: true)),
    ([.noMask], ReferenceEdits(noMask: true)),
    (
      [.ablateHead(layer: 1, head: 1), .ablateMLP(layer: 0), .noMask, .ablatePositions],
      ReferenceEdits(zeroHeads: [[1, 1]], zeroMLP: [0], noPositions: true, noMask: true)
    ),
  ]

  @Test(arguments: [NormalizationType.layerNorm, nil], 0..<cases.count)
  func everyHookMatchesTheReferenceWithTheSameChange(norm: NormalizationType?, index: Int) {
    let model = testModel(normalization: norm)
    let (spec, edits) = Self.cases[index]
    let tokens = [3, 1, 4, 1, 5]
    var hooks = Intervening(spec, inner: CollectingRecorder())
    let logits = model.forward(tokens, hooks: &hooks)
    let rec = hooks.inner
    let reference = referenceForward(model, tokens, edits: edits)
    #expect(Set(reference.keys) == Set(rec.names))
    for name in rec.names {
      #expect(close(rec(name).data, reference[name] ?? []), "\(spec): \(name) differs")
    }
    #expect(close(logits.data, reference["unembed.hook_out"] ?? []))
    // The change is visible: the edited run differs from the clean reference.
    let clean = referenceForward(model, tokens)
    #expect(!close(rec("hook_probs").data, clean["hook_probs"] ?? []), "\(spec) changed nothing")
  }

  @Test func untracedInterventionGivesTheSameLogitsAsTraced() {
    let model = testModel()
    let spec: [Intervention] = [.ablateHead(layer: 0, head: 1), .noMask]
    var traced = Intervening(spec, inner: CollectingRecorder())
    var plain = Intervening(spec, inner: NoHooks())
    #expect(model.forward([1, 2, 3], hooks: &traced) == model.forward([1, 2, 3], hooks: &plain))
  }

  @Test func ablatingAHeadRemovesExactlyItsResult() {
    let model = testModel()
    let tokens = [2, 7, 1, 8]
    var clean = CollectingRecorder()
    _ = model.forward(tokens, hooks: &clean)
    var ablated = Intervening([.ablateHead(layer: 0, head: 1)], inner: CollectingRecorder())
    _ = model.forward(tokens, hooks: &ablated)
    let result = clean("blocks.0.attn.hook_result")  // [pos, head, d_model]
    let (heads, d) = (model.config.nHeads, model.config.dModel)
    let cleanOut = clean("blocks.0.hook_attn_out").data
    var expected = cleanOut
    for p in 0..<tokens.count {
      for c in 0..<d { expected[p * d + c] -= result.data[(p * heads + 1) * d + c] }
    }
    #expect(close(ablated.inner("blocks.0.hook_attn_out").data, expected))
    let z = ablated.inner("blocks.0.attn.hook_z")
    let shares = ablated.inner("blocks.0.attn.hook_result")
    for p in 0..<tokens.count {
      let dHead = model.config.dHead
      #expect(z.data[(p * heads + 1) * dHead..<(p * heads + 2) * dHead].allSatisfy { $0 == 0 })
      #expect(shares.data[(p * heads + 1) * d..<(p * heads + 2) * d].allSatisfy { $0 == 0 })
    }
  }

  @Test(arguments: [0, 1])
  func patchingAResidualStreamMakesEveryLaterActivationEqualToTheSource(layer: Int) {
    let model = testModel()
    var source = CollectingRecorder()
    _ = model.forward([5, 6, 7, 8], hooks: &source)
    let name = ActivationName(.residPost, layer: layer)
    let target = PatchTarget.activation(name)
    var patched = Intervening(
      [.patch(target: target, source: "b")], patchValues: [target: source(name.description)],
      inner: CollectingRecorder())
    _ = model.forward([1, 2, 3, 4], hooks: &patched)
    let names = patched.inner.names
    let start = names.firstIndex(of: name.description) ?? names.count
    #expect(start < names.count)
    for later in names[start...] {
      #expect(patched.inner(later).data == source(later).data, "\(later) differs from the source")
    }
    // Before the patch the run is its own.
    #expect(patched.inner("hook_embed").data != source("hook_embed").data)
  }

  @Test func patchingOneHeadReplacesOnlyItsSliceOfZ() {
    let model = testModel()
    var source = CollectingRecorder()
    _ = model.forward([5, 6, 7], hooks: &source)
    var clean = CollectingRecorder()
    _ = model.forward([1, 2, 3], hooks: &clean)
    let target = PatchTarget.head(layer: 1, head: 0)
    var patched = Intervening(
      [.patch(target: target, source: "b")], patchValues: [target: source("blocks.1.attn.hook_z")],
      inner: CollectingRecorder())
    _ = model.forward([1, 2, 3], hooks: &patched)
    let z = patched.inner("blocks.1.attn.hook_z").data
    let (heads, dHead) = (model.config.nHeads, model.config.dHead)
    for p in 0..<3 {
      for h in 0..<heads {
        let slice = ((p * heads + h) * dHead)..<((p * heads + h + 1) * dHead)
        let expected =
          h == 0 ? source("blocks.1.attn.hook_z").data : clean("blocks.1.attn.hook_z").data
        #expect(Array(z[slice]) == Array(expected[slice]), "position \(p) head \(h)")
      }
    }
  }

  @Test func patchingHookResultMakesTheSharesFlowOn() {
    let model = testModel()
    var source = CollectingRecorder()
    _ = model.forward([5, 6, 7], hooks: &source)
    let name = ActivationName(.result, layer: 0)
    let target = PatchTarget.activation(name)
    var patched = Intervening(
      [.patch(target: target, source: "b")], patchValues: [target: source(name.description)],
      inner: CollectingRecorder())
    _ = model.forward([1, 2, 3], hooks: &patched)
    // The attention output is the patched shares summed plus b_O: the source's output.
    #expect(
      close(patched.inner("blocks.0.hook_attn_out").data, source("blocks.0.hook_attn_out").data))
  }

  @Test func ablationSpecsParseAndBadOnesSayWhichFormsExist() throws {
    let config = testModel().config
    #expect(try Intervention(ablation: "L0H1", config: config) == .ablateHead(layer: 0, head: 1))
    #expect(try Intervention(ablation: "L1.mlp", config: config) == .ablateMLP(layer: 1))
    #expect(try Intervention(ablation: "L0.attn", config: config) == .ablateAttention(layer: 0))
    #expect(try Intervention(ablation: "pos_embed", config: config) == .ablatePositions)
    for bad in ["L0", "H1", "L0H", "Lx.mlp", "L0.ffn", "", "blocks.0"] {
      #expect(throws: InterventionError.self) { try Intervention(ablation: bad, config: config) }
      do {
        _ = try Intervention(ablation: bad, config: config)
      } catch {
        #expect(error.description.contains("L{layer}H{head}"), "\(bad): \(error)")
      }
    }
    for outOfRange in ["L2H0", "L0H2", "L5.mlp"] {
      #expect(throws: InterventionError.self) {
        try Intervention(ablation: outOfRange, config: config)
      }
    }
    #expect(throws: InterventionError.self) {
      try Intervention(ablation: "pos_embed", config: testModel(positional: .none).config)
    }
    #expect(
      try PatchTarget("blocks.1.hook_resid_post", config: config).sourceName.description
        == "blocks.1.hook_resid_post")
    #expect(try PatchTarget("L1H0", config: config) == .head(layer: 1, head: 0))
    #expect(throws: InterventionError.self) {
      try PatchTarget("blocks.9.hook_resid_post", config: config)
    }
    #expect(throws: InterventionError.self) { try PatchTarget("resid", config: config) }
  }
}
