import TerminalKit
import Testing
import TinyGPT
import TraceKit

@testable import Walkthrough

/// Each view declares exactly the activations it reads: it draws in full from a trace holding
/// only those, and reads every one of them.
@Suite struct ViewInputTests {
  /// A one-page script drawing `view`.
  static func script(_ view: PageView) throws -> WalkthroughScript {
    try WalkthroughScript(parsing: "--- \(view.rawValue)\nview: \(view.rawValue)")
  }

  /// The names `view` declares under `trace`'s config, for every layer the reader can select.
  static func declared(_ view: PageView, in trace: Trace) -> Set<String> {
    let config = trace.config
    return Set(
      view.implementation.inputs(for: config).flatMap { input in
        (0..<config.nLayers).flatMap { input.names(readerLayer: $0, config: config) }
      }.map(\.description))
  }

  /// The weight names `view` declares under `trace`'s config, for every layer.
  static func declaredWeights(_ view: PageView, in trace: Trace) -> Set<String> {
    Set(
      view.implementation.weights(for: trace.config).flatMap { weight in
        (0..<trace.config.nLayers).map { weight.name(layer: $0) }
      })
  }

  /// The plain text of the single page at `layer` and `head`.
  static func text(_ walkthrough: Walkthrough, layer: Int, head: Int) -> String {
    walkthrough.document(page: 0, at: WalkthroughPosition(layer: layer, head: head))
      .render(width: 160).map(\.plainText).joined(separator: "\n")
  }

  @Test(arguments: PageView.allCases)
  func aViewDrawsInFullFromATraceHoldingOnlyItsInputs(_ view: PageView) throws {
    for (name, full) in Fixtures.traces
    where Walkthrough.missingInput(of: view, in: full) == nil
      && (!view.implementation.readsWeights || !full.parameters.isEmpty)
    {
      let keep = Self.declared(view, in: full)
      var minimal = full
      for i in minimal.passes.indices {
        minimal.passes[i].activations.removeAll { !keep.contains($0.name) }
      }
      let keepWeights = Self.declaredWeights(view, in: full)
      if !keepWeights.isEmpty {
        minimal.parameters.removeAll { !keepWeights.contains($0.name) }
      }
      let script = try Self.script(view)
      let whole = try Walkthrough(trace: full, script: script)
      let only = try Walkthrough(trace: minimal, script: script)
      for layer in 0..<full.config.nLayers {
        for head in 0..<full.config.nHeads {
          let text = Self.text(only, layer: layer, head: head)
          #expect(!text.contains("cannot be drawn"), "\(view) on \(name): \(text)")
          #expect(text == Self.text(whole, layer: layer, head: head), "\(view) on \(name)")
        }
      }
    }
  }

  @Test(arguments: PageView.allCases)
  func aViewReadsEveryInputItDeclares(_ view: PageView) throws {
    for (name, trace) in Fixtures.traces
    where Walkthrough.missingInput(of: view, in: trace) == nil
      && (!view.implementation.readsWeights || !trace.parameters.isEmpty)
    {
      let implementation = view.implementation
      for layer in 0..<trace.config.nLayers {
        let declared = implementation.inputs(for: trace.config).flatMap {
          $0.names(readerLayer: layer, config: trace.config)
        }
        let context = PageContext(trace: trace, position: WalkthroughPosition(layer: layer))
        let weights = implementation.weights(for: trace.config)
        let inputs = try ViewInputs(
          implementation.inputs(for: trace.config), weights: weights,
          parameters: trace.parameters, pass: context.pass, layer: layer, config: trace.config)
        _ = try implementation.blocks(inputs, in: context)
        #expect(inputs.read == Set(declared), "\(view) on \(name), layer \(layer)")
        // A trace with weights: the view draws every weight it declares; without: none.
        let expected = trace.parameters.isEmpty ? [] : Set(weights.map { $0.name(layer: layer) })
        #expect(inputs.readWeights == expected, "\(view) on \(name), layer \(layer)")
      }
    }
  }

  /// Only the LayerNorm view (without LayerNorm) and the position-shift view (without
  /// positions: it reads hook_pos_embed) lack inputs in a test trace.
  @Test func onlyTheLayerNormAndPositionViewsLackInputsInATestTrace() {
    for (name, trace) in Fixtures.traces {
      let lacking = PageView.allCases.filter { Walkthrough.missingInput(of: $0, in: trace) != nil }
      var expected: [PageView] = trace.config.normalizationType == nil ? [.layerNorm] : []
      if trace.config.positionalEmbeddingType == .none { expected.append(.positionShift) }
      #expect(lacking == expected, "\(name)")
    }
  }

  @Test func inputsFollowTheConfig() {
    let withLN = Fixtures.defaultTrace.config
    let withoutLN = Fixtures.noLayerNormTrace.config
    let qkv = PageView.qkv.implementation
    #expect(qkv.inputs(for: withLN).map(\.description).first == "blocks.{layer}.ln1.hook_out")
    #expect(qkv.inputs(for: withoutLN).map(\.description).first == "blocks.{layer}.hook_resid_pre")
    let embeddings = PageView.embeddings.implementation
    #expect(
      embeddings.inputs(for: Fixtures.noPositionTrace.config).map(\.description)
        == ["hook_embed", "blocks.0.hook_resid_pre"])
    #expect(
      PageView.prediction.implementation.inputs(for: withoutLN).map(\.description)
        == ["blocks.{last_layer}.hook_resid_post", "unembed.hook_out"])
  }

  @Test func askingForAnUndeclaredActivationThrowsEvenWhenTheTraceHasIt() throws {
    let trace = Fixtures.defaultTrace
    let inputs = try ViewInputs(
      [ViewInput(.q)], pass: trace.passes[0], layer: 0, config: trace.config)
    #expect(try inputs(.q).name == "blocks.0.attn.hook_q")
    #expect(throws: MissingInput.self) { try inputs(.k) }
    #expect(throws: MissingInput.self) { try inputs(.q, layer: 1) }
  }

  @Test func aPositionOutsideTheModelSaysSoRatherThanDrawingAnEmptyPage() throws {
    let walkthrough = try Walkthrough(trace: Fixtures.defaultTrace, script: Self.script(.mask))
    let text = walkthrough.document(page: 0, at: WalkthroughPosition(layer: 9))
      .render(width: 120).map(\.plainText).joined(separator: "\n")
    #expect(
      text.contains(
        "(this page cannot be drawn: the trace has no blocks.9.attn.hook_attn_scores_unmasked)"))
  }

  @Test func animationsCoverTheirProduct() throws {
    let walkthrough = try Fixtures.walkthrough(Fixtures.defaultTrace)
    let c = Fixtures.defaultTrace.config
    let pos = Fixtures.defaultTrace.passes[0].tokens.count
    let expected: [PageView: Int] = [
      .embeddings: pos * c.dModel, .layerNorm: pos * c.dModel, .qkv: pos * c.dModel,
      .scores: pos * pos, .pattern: pos * pos, .weightedValues: pos * c.dHead,
      .combine: pos * c.dModel, .mlp: pos * c.dMLP,
    ]
    for (page, spec) in walkthrough.pages.enumerated() {
      #expect(walkthrough.animatedCellCount(page: page) == expected[spec.view] ?? 0, "\(spec.view)")
    }
  }
}
