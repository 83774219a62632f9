import Foundation
import Testing
import TinyGPT
import TraceKit
import Walkthrough

/// The circuits pages (logit lens, direct logit attribution): only for traces that carry the
/// weights, and their numbers are those computed here in Double from the trace's activations
/// and weights.
@Suite struct CircuitsPageTests {
  /// `model`'s trace of the default prompt with its weights, and `interventions` made.
  static func traceWithWeights(_ model: Model, interventions: [Intervention] = []) throws -> Trace {
    let tokens = try model.tokenizer.encode(Fixtures.prompt)
    var trace = model.trace(
      tokens: tokens, prompt: Fixtures.prompt, interventions: interventions, modelName: "test",
      weightsSHA256: WeightsFile.sha256(of: model))
    trace.parameters = model.parameters.namedTensors().map {
      NamedTensor(name: $0.name, tensor: $0.tensor)
    }
    return trace
  }

  static func row(_ activation: Activation?, _ r: Int) -> [Double] {
    guard let a = activation else { return [] }
    let width = a.data.count / max(1, a.shape[0])
    return a.data[(r * width)..<((r + 1) * width)].map(Double.init)
  }

  /// The final LayerNorm (if any) and the unembedding applied to `x`, then softmax.
  static func lens(_ x: [Double], _ model: Model) -> [Double] {
    var x = x
    let d = x.count
    if let ln = model.parameters.finalNorm {
      let mean = x.reduce(0, +) / Double(d)
      let variance = x.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(d)
      let s = (variance + Double(model.config.lnEps)).squareRoot()
      x = x.indices.map { (x[$0] - mean) / s * Double(ln.weight[$0]) + Double(ln.bias[$0]) }
    }
    let u = model.parameters.outputEmbedding
    let logits = (0..<u.rows).map { t in (0..<d).reduce(0.0) { $0 + x[$1] * Double(u[t, $1]) } }
    let top = logits.max() ?? 0
    let e = logits.map { exp($0 - top) }
    let total = e.reduce(0, +)
    return e.map { $0 / total }
  }

  @Test func pagesAppearOnlyWhenTheTraceCarriesTheWeights() throws {
    let without = try Fixtures.walkthrough(Fixtures.defaultTraceWithoutWeights)
    #expect(!without.pages.contains { $0.view == .lens || $0.view == .attribution })
    let with = try Fixtures.walkthrough(try Self.traceWithWeights(Fixtures.defaultModel))
    #expect(
      with.pages.contains { $0.view == .lens } && with.pages.contains { $0.view == .attribution })
  }

  @Test func aPageNeedingWeightsOnATraceWithoutThemIsRefusedNamingIt() throws {
    let script = try WalkthroughScript(parsing: "--- Lens\nview: lens\n")
    #expect {
      try Walkthrough(trace: Fixtures.defaultTraceWithoutWeights, script: script)
    } throws: { error in
      "\(error)".contains("page 'Lens' (view lens) needs the model's weights")
    }
    let guarded = try WalkthroughScript(parsing: "--- Text\n--- Lens\nview: lens\nwhen: weights\n")
    #expect(
      try Walkthrough(trace: Fixtures.defaultTraceWithoutWeights, script: guarded).pages.count == 1)
  }

  @Test(arguments: [
    Fixtures.defaultModel, Fixtures.noLayerNormModel, Fixtures.noPositionModel,
  ])
  func lensGridIsTheStreamThroughTheUnembedding(model: Model) throws {
    let trace = try Self.traceWithWeights(model)
    let text = try AdaptationTests.text(of: .lens, in: try Fixtures.walkthrough(trace))
    let pass = try #require(trace.passes.first)
    let names =
      ["blocks.0.hook_resid_pre"]
      + (0..<model.config.nLayers).map { "blocks.\($0).hook_resid_post" }
    let lines = text.split(separator: "\n").map(String.init)
    for (p, token) in pass.tokens.enumerated() {
      let cells = names.map { name in
        let probabilities = Self.lens(Self.row(pass.activation(named: name), p), model)
        let best = probabilities.indices.max { probabilities[$0] < probabilities[$1] } ?? 0
        return model.tokenizer.text(of: best) + " " + String(format: "%.2f", probabilities[best])
      }
      let line = lines.first { $0.hasPrefix(token.text + " ") && cells.allSatisfy($0.contains) }
      #expect(line != nil, "position \(p): \(cells) not in\n\(text)")
    }
    // The last layer's read-out is the model's own prediction.
    let top = try #require(pass.candidates.first)
    #expect(text.contains("\(top.text) \(String(format: "%.2f", top.probability))"))
  }

  @Test(arguments: [[], [Intervention.ablateHead(layer: 0, head: 1)]])
  func attributionBarsAreTheTermsOfTheLogit(interventions: [Intervention]) throws {
    for model in [Fixtures.defaultModel, Fixtures.noLayerNormModel] {
      let trace = try Self.traceWithWeights(model, interventions: interventions)
      let text = try AdaptationTests.text(of: .attribution, in: try Fixtures.walkthrough(trace))
      let pass = try #require(trace.passes.first)
      let (d, heads, last) = (model.config.dModel, model.config.nHeads, pass.tokens.count - 1)
      let logits = Self.row(pass.activation(named: "unembed.hook_out"), last)
      let token = logits.indices.max { logits[$0] < logits[$1] } ?? 0
      var parts: [(String, [Double])] = [
        ("hook_embed", Self.row(pass.activation(named: "hook_embed"), last))
      ]
      if let pos = pass.activation(named: "hook_pos_embed") {
        parts.append(("hook_pos_embed", Self.row(pos, last)))
      }
      for l in 0..<model.config.nLayers {
        let result = Self.row(pass.activation(named: "blocks.\(l).attn.hook_result"), last)
        for h in 0..<heads { parts.append(("L\(l)H\(h)", Array(result[(h * d)..<((h + 1) * d)]))) }
        parts.append(("L\(l).attn_bias", model.parameters.blocks[l].attnProjBias.map(Double.init)))
        parts.append(
          ("L\(l).mlp", Self.row(pass.activation(named: "blocks.\(l).hook_mlp_out"), last)))
      }
      let u = model.parameters.outputEmbedding.row(token).map(Double.init)
      var terms: [(String, Double)] = []
      if let ln = model.parameters.finalNorm {
        let s = Self.row(pass.activation(named: "ln_final.hook_scale"), last)[0]
        for (name, x) in parts {
          let mean = x.reduce(0, +) / Double(d)
          terms.append(
            (name, (0..<d).reduce(0.0) { $0 + (x[$1] - mean) / s * Double(ln.weight[$1]) * u[$1] }))
        }
        terms.append(("ln_final.b", (0..<d).reduce(0.0) { $0 + Double(ln.bias[$1]) * u[$1] }))
      } else {
        for (name, x) in parts { terms.append((name, (0..<d).reduce(0.0) { $0 + x[$1] * u[$1] })) }
      }
      let lines = text.split(separator: "\n").map(String.init)
      for (name, value) in terms {
        let shown = abs(value) < 0.000_05 ? " 0.0000 " : String(format: "%+.4f", value)
        #expect(
          lines.contains { $0.hasPrefix(name + " ") && $0.contains(shown) }, "\(name) \(shown)")
      }
      let sum = terms.reduce(0) { $0 + $1.1 }
      #expect(abs(sum - logits[token]) < 1e-4 * max(1, abs(logits[token])))
      #expect(text.contains("logit = \(String(format: "%.6f", logits[token]))"))
      #expect(text.contains("the logit of \"\(model.tokenizer.text(of: token))\""))
      if !interventions.isEmpty {
        #expect(lines.contains { $0.hasPrefix("L0H1 ") && $0.contains(" 0.0000 ") })
      }
    }
  }
}
