import Foundation
import Testing

@testable import TinyGPT

/// Direct logit attribution against the same split written here in Double from the reference
/// forward pass, and against the model's own logit.
@Suite struct LogitAttributionTests {
  /// The split written from its definition: each part of the last position's stream, centred,
  /// divided by the run's final scale, times ln_f.weight, dotted with W_U[token].
  static func referenceComponents(
    _ model: Model, _ tokens: [Int], token: Int, edits: ReferenceEdits = ReferenceEdits()
  ) -> [String: Double] {
    let ref = referenceForward(model, tokens, edits: edits)
    let (n, d, heads) = (tokens.count, model.config.dModel, model.config.nHeads)
    let p = n - 1
    func last(_ name: String) -> [Double] { Array((ref[name] ?? [])[(p * d)..<((p + 1) * d)]) }
    var parts: [String: [Double]] = ["hook_embed": last("hook_embed")]
    if ref["hook_pos_embed"] != nil { parts["hook_pos_embed"] = last("hook_pos_embed") }
    for l in 0..<model.config.nLayers {
      let result = ref["blocks.\(l).attn.hook_result"] ?? []
      for h in 0..<heads {
        let start = (p * heads + h) * d
        parts["L\(l)H\(h)"] = Array(result[start..<(start + d)])
      }
      parts["L\(l).attn_bias"] = model.parameters.blocks[l].attnProjBias.map(Double.init)
      parts["L\(l).mlp"] = last("blocks.\(l).hook_mlp_out")
    }
    let u = model.parameters.outputEmbedding.row(token).map(Double.init)
    var out: [String: Double] = [:]
    if let ln = model.parameters.finalNorm {
      let s = ref["ln_final.hook_scale"]?[p] ?? .nan
      for (name, x) in parts {
        let mean = x.reduce(0, +) / Double(d)
        out[name] = (0..<d).reduce(0.0) { $0 + (x[$1] - mean) / s * Double(ln.weight[$1]) * u[$1] }
      }
      out["ln_final.b"] = (0..<d).reduce(0.0) { $0 + Double(ln.bias[$1]) * u[$1] }
    } else {
      for (name, x) in parts { out[name] = (0..<d).reduce(0.0) { $0 + x[$1] * u[$1] } }
    }
    return out
  }

  static let models: [(String, Model)] = [
    ("LN standard", testModel()),
    ("LN sinusoidal untied", testModel(positional: .sinusoidal, tied: false, seed: 2)),
    ("LN none", testModel(positional: .none, seed: 3)),
    ("no LN standard", testModel(normalization: nil, seed: 4)),
    ("no LN sinusoidal", testModel(normalization: nil, positional: .sinusoidal, seed: 5)),
    ("no LN none", testModel(normalization: nil, positional: .none, actFn: .relu, seed: 6)),
  ]

  @Test func thePartsAddUpToTheLogitAndMatchTheirDefinition() throws {
    let tokens = [4, 0, 9, 2, 6]
    for (label, model) in Self.models {
      var recorder = CollectingRecorder()
      let logits = model.forward(tokens, hooks: &recorder)  // [pos, d_vocab]
      let lastRow = logits.row(tokens.count - 1)
      let top = lastRow.indices.max { lastRow[$0] < lastRow[$1] } ?? 0
      for token in [nil, 3] as [Int?] {
        let a = try model.logitAttribution(tokens, token: token)
        let target = token ?? top
        #expect(a.token == target && a.position == tokens.count - 1)
        #expect(a.logit == lastRow[target], "\(label)")
        let logit = Double(lastRow[target])
        #expect(abs(a.sum - logit) < 1e-4 * max(1, abs(logit)), "\(label): \(a.sum) vs \(logit)")
        let expected = Self.referenceComponents(model, tokens, token: target)
        #expect(Set(a.components.map(\.name)) == Set(expected.keys), "\(label)")
        #expect(a.components.count == expected.count)
        for c in a.components {
          let e = expected[c.name] ?? .nan
          #expect(abs(c.contribution - e) < 1e-4 * max(1, abs(e)), "\(label) \(c.name)")
        }
      }
    }
  }

  @Test func anAblatedHeadContributesNothingAndThePartsStillAddUp() throws {
    let tokens = [1, 5, 2, 8]
    for (label, model) in Self.models {
      let ablation: [Intervention] = [.ablateHead(layer: 1, head: 0), .ablateMLP(layer: 0)]
      var changed = Intervening(ablation, inner: NoHooks())
      let logits = model.forward(tokens, hooks: &changed)
      let a = try model.logitAttribution(tokens, token: 7, interventions: ablation)
      #expect(a.components.first { $0.name == "L1H0" }?.contribution == 0, "\(label)")
      #expect(a.components.first { $0.name == "L0.mlp" }?.contribution == 0, "\(label)")
      #expect(a.logit == logits[tokens.count - 1, 7])
      #expect(abs(a.sum - Double(a.logit)) < 1e-4 * max(1, abs(Double(a.logit))), "\(label)")
      let expected = Self.referenceComponents(
        model, tokens, token: 7, edits: ReferenceEdits(zeroHeads: [[1, 0]], zeroMLP: [0]))
      for c in a.components {
        let e = expected[c.name] ?? .nan
        #expect(abs(c.contribution - e) < 1e-4 * max(1, abs(e)), "\(label) \(c.name)")
      }
      // Without the ablation the head does contribute.
      let clean = try model.logitAttribution(tokens, token: 7)
      #expect(clean.components.first { $0.name == "L1H0" }?.contribution != 0)
    }
  }

  @Test func anAblatedAttentionLayerIsOneZeroPart() throws {
    let model = testModel()
    let tokens = [1, 5, 2, 8]
    let a = try model.logitAttribution(tokens, interventions: [.ablateAttention(layer: 0)])
    let names = a.components.map(\.name)
    #expect(names.contains("L0.attn") && !names.contains("L0H0") && !names.contains("L0.attn_bias"))
    #expect(a.components.first { $0.name == "L0.attn" }?.contribution == 0)
    #expect(abs(a.sum - Double(a.logit)) < 1e-4 * max(1, abs(Double(a.logit))))
  }

  @Test func patchesOfTheStreamItselfAreRefused() {
    let model = testModel()
    let name = ActivationName(.residPost, layer: 0)
    let patch = Intervention.patch(target: .activation(name), source: "b.json")
    #expect(throws: InterventionError.self) {
      try model.logitAttribution(
        [1, 2, 3], interventions: [patch],
        patchValues: [.activation(name): Tensor(shape: [3, 8], repeating: 1)])
    }
  }
}
