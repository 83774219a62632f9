import Testing
import TinyGPT

@testable import TraceKit

/// Every activation kind explained from a trace: the written-out arithmetic reproduces the
/// cell, and the operands are the real input row and weight column (read from the model in the
/// test, not from the explainer).
@Suite struct ExplainTests {
  static func model(layerNorm: Bool, positional: PositionalEmbeddingType = .standard) throws
    -> Model
  {
    let config = ModelConfig(
      nLayers: 2, dModel: 8, nHeads: 2, dMLP: 16, nCtx: 8, dVocab: 6,
      normalizationType: layerNorm ? .layerNorm : nil, positionalEmbeddingType: positional,
      tieWordEmbeddings: layerNorm)
    let tokenizer = Tokenizer(kind: .word, vocabulary: ["a", "b", "c", "d", "e", "f"])
    var model = try Model.randomlyInitialized(config: config, tokenizer: tokenizer, seed: 5)
    // Non-zero biases and LayerNorm parameters, so every term of the math is visible.
    for l in model.parameters.blocks.indices {
      model.parameters.blocks[l].attnBias = model.parameters.blocks[l].attnBias.indices.map {
        Float($0 % 7) * 0.03 - 0.1
      }
      model.parameters.blocks[l].fcBias = model.parameters.blocks[l].fcBias.indices.map {
        Float($0 % 5) * 0.02 - 0.04
      }
      model.parameters.blocks[l].ln1?.weight = (0..<8).map { 1 + Float($0) * 0.05 }
      model.parameters.blocks[l].ln1?.bias = (0..<8).map { Float($0) * 0.01 }
    }
    return model
  }

  static func trace(_ model: Model, _ interventions: [Intervention] = []) -> Trace {
    var t = model.trace(
      tokens: [1, 4, 2, 5], prompt: "b e c f", interventions: interventions, modelName: "m",
      weightsSHA256: "")
    t.parameters = model.parameters.namedTensors().map {
      NamedTensor(name: $0.name, tensor: $0.tensor)
    }
    return t
  }

  /// A few cells of every activation of pass 0.
  static func cells(_ t: Trace) -> [CellReference] {
    t.passes[0].activations.flatMap { a -> [CellReference] in
      guard let name = ActivationName(a.name) else { return [] }
      let last = a.shape.map { $0 - 1 }
      let middle = a.shape.map { $0 / 2 }
      let first = a.shape.map { _ in 0 }
      return [first, middle, last].map { CellReference(name: name, index: $0) }
    }
  }

  @Test(arguments: [true, false])
  func everyKindsArithmeticReproducesTheCell(layerNorm: Bool) throws {
    let t = Self.trace(try Self.model(layerNorm: layerNorm))
    var kinds = Set<HookPoint>()
    for cell in Self.cells(t) {
      let e = try t.explain(cell)
      kinds.insert(cell.name.point)
      #expect(e.lines.count >= 2, "\(cell) has no explanation")
      if let computed = e.computed {
        #expect(abs(computed - e.value) <= 1e-4 * max(1, abs(e.value)), "\(cell): \(e.text)")
      } else if e.value.isFinite {
        // The last number written is the value, to the printed precision.
        let last = e.lines.last?.split(separator: " ").last.map(String.init) ?? ""
        let printed = Float(last.replacingOccurrences(of: "−", with: "-")) ?? .nan
        #expect(
          abs(printed - e.value) <= 1e-3 * max(1, abs(e.value)), "\(cell): \(e.lines.last ?? "")")
      }
    }
    #expect(kinds.count == (layerNorm ? 28 : 19))
  }

  @Test func productOperandsAreTheRealRowAndColumn() throws {
    let model = try Self.model(layerNorm: true)
    let t = Self.trace(model)
    let pass = t.passes[0]
    // blocks.1.attn.hook_v[2, 1, 3]: ln1 row 2 against column 2·8 + 1·4 + 3 of c_attn.
    let e = try t.explain(CellReference(parsing: "blocks.1.attn.hook_v[2,1,3]"))
    let x = try #require(pass.activation(named: "blocks.1.ln1.hook_out")).matrix.row(2)
    let w = model.parameters.blocks[1].attnWeight
    let column = (0..<8).map { w[$0, 16 + 4 + 3] }
    #expect(e.terms?.map(\.left) == x)
    #expect(e.terms?.map(\.right) == column)
    #expect(e.bias == model.parameters.blocks[1].attnBias[16 + 4 + 3])
    // A score: row 3 of Q against row 1 of K, head 0, scaled by 1/√d_head.
    let s = try t.explain(CellReference(parsing: "blocks.0.attn.hook_attn_scores_unmasked[0,3,1]"))
    let q = try #require(pass.activation(named: "blocks.0.attn.hook_q")).head(0).row(3)
    let k = try #require(pass.activation(named: "blocks.0.attn.hook_k")).head(0).row(1)
    #expect(s.terms?.map(\.left) == q)
    #expect(s.terms?.map(\.right) == k)
    #expect(s.scale == 1 / Float(4).squareRoot())
    // A logit: the final stream's row against the token's row of the unembedding.
    let l = try t.explain(CellReference(parsing: "unembed.hook_out[3,4]"))
    #expect(l.terms?.map(\.right) == model.parameters.outputEmbedding.row(4))
  }

  @Test func anAblatedHeadsZIsExplainedAsSetByTheIntervention() throws {
    let t = Self.trace(try Self.model(layerNorm: true), [.ablateHead(layer: 0, head: 1)])
    let e = try t.explain(CellReference(parsing: "blocks.0.attn.hook_z[2,1,0]"))
    #expect(e.value == 0)
    #expect(e.text.contains("L0H1"))
  }

  @Test func sinusoidalPositionsAreTheFormula() throws {
    let t = Self.trace(try Self.model(layerNorm: true, positional: .sinusoidal))
    let e = try t.explain(CellReference(parsing: "hook_pos_embed[3,3]"))
    #expect(e.text.contains("cos(3 / 10000^(2/8))"))
  }

  @Test func badReferencesAreOneLineErrors() throws {
    let t = Self.trace(try Self.model(layerNorm: true))
    for (text, message) in [
      ("hook_embed", "is not a cell"), ("hook_nothing[0,0]", "is not a hook name"),
      ("hook_embed[0]", "has 2 axes"), ("hook_embed[9,0]", "out of range"),
      ("hook_embed[a,0]", "not a whole number"), ("blocks.7.hook_resid_pre[0,0]", "no activation"),
    ] {
      let error = errorText { try t.explain(CellReference(parsing: text)) } ?? ""
      #expect(error.contains(message), "\(text): \(error)")
      #expect(!error.contains("\n"))
    }
    #expect(
      errorText { try t.explain(CellReference(parsing: "hook_embed[0,0]"), pass: 3) }?.contains(
        "pass 3") == true)
    var bare = t
    bare.parameters = []
    #expect(
      errorText { try bare.explain(CellReference(parsing: "blocks.0.attn.hook_q[0,0,0]")) }?
        .contains("--weights") == true)
  }

  @Test func parametersRoundTripBitExactAndVersion1StillReads() throws {
    let t = Self.trace(try Self.model(layerNorm: true))
    let back = try TraceFile.decode(try TraceFile.encode(t))
    #expect(back.parameters.map(\.name) == t.parameters.map(\.name))
    for (a, b) in zip(back.parameters, t.parameters) {
      #expect(a.tensor.data.map(\.bitPattern) == b.tensor.data.map(\.bitPattern))
      #expect(a.tensor.shape == b.tensor.shape)
    }
    var v1 = t
    (v1.parameters, v1.interventions) = ([], [])
    let text = String(decoding: try TraceFile.encode(v1), as: UTF8.self)
      .replacingOccurrences(of: "\"version\": 2", with: "\"version\": 1")
      .replacingOccurrences(of: "\"interventions\": [],\n", with: "")
    #expect(try TraceFile.decode(Array(text.utf8)) == v1)
  }
}
