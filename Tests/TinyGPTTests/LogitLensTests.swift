import Foundation
import Testing

@testable import TinyGPT

/// The logit lens against the model's own probabilities and against the lens written here in
/// Double from the reference forward pass.
@Suite struct LogitLensTests {
  static let models: [(String, Model)] = [
    ("LN standard", testModel()),
    ("LN sinusoidal untied", testModel(positional: .sinusoidal, tied: false)),
    ("no LN none", testModel(normalization: nil, positional: .none)),
    ("no LN standard relu", testModel(normalization: nil, actFn: .relu, seed: 4)),
  ]

  /// `softmax(LN_final(x) · W_Uᵀ)` of each row of `x` (`[pos · d_model]`), in Double.
  static func referenceLens(_ x: [Double], _ model: Model) -> [Double] {
    let d = model.config.dModel
    let wu = model.parameters.outputEmbedding
    var out: [Double] = []
    for r in 0..<(x.count / d) {
      var row = Array(x[(r * d)..<((r + 1) * d)])
      if let ln = model.parameters.finalNorm {
        let mean = row.reduce(0, +) / Double(d)
        let variance = row.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(d)
        let s = (variance + Double(model.config.lnEps)).squareRoot()
        row = row.indices.map { (row[$0] - mean) / s * Double(ln.weight[$0]) + Double(ln.bias[$0]) }
      }
      let logits = (0..<wu.rows).map { t in
        row.indices.reduce(0.0) { $0 + row[$1] * Double(wu[t, $1]) }
      }
      let top = logits.max() ?? 0
      let e = logits.map { exp($0 - top) }
      let total = e.reduce(0, +)
      out += e.map { $0 / total }
    }
    return out
  }

  @Test func theLastLayerIsTheModelsOwnPrediction() {
    let tokens = [3, 1, 4, 1, 5]
    for (label, model) in Self.models {
      var recorder = CollectingRecorder()
      _ = model.forward(tokens, hooks: &recorder)
      let lens = model.logitLens(tokens)
      #expect(
        lens.layers.map(\.name.description) == [
          "blocks.0.hook_resid_pre", "blocks.0.hook_resid_post", "blocks.1.hook_resid_post",
        ])
      #expect(
        close(lens.layers[2].probabilities.data, recorder("hook_probs").data, tolerance: 1e-6),
        "\(label)")
      // Every layer against the lens written here, from the reference pass.
      let reference = referenceForward(model, tokens)
      for layer in lens.layers {
        guard let stream = reference[layer.name.description] else {
          Issue.record("no reference \(layer.name)")
          continue
        }
        #expect(
          close(layer.probabilities.data, Self.referenceLens(stream, model), tolerance: 1e-4),
          "\(label) \(layer.name)")
      }
    }
  }

  @Test func topCandidatesAreTheLargestProbabilities() {
    let model = testModel()
    let lens = model.logitLens([1, 2, 3])
    for layer in lens.layers {
      for position in 0..<3 {
        let row = layer.probabilities.row(position)
        let top = layer.top(5, at: position)
        #expect(top.count == 5)
        #expect(top[0].probability == row.max())
        #expect(zip(top, top.dropFirst()).allSatisfy { $0.probability >= $1.probability })
      }
    }
  }

  @Test func anAblationChangesTheLensAsItChangesTheRun() {
    let model = testModel()
    let tokens = [2, 7, 1, 8]
    let ablation: [Intervention] = [.ablateMLP(layer: 1), .ablateHead(layer: 0, head: 1)]
    var changed = Intervening(ablation, inner: CollectingRecorder())
    _ = model.forward(tokens, hooks: &changed)
    let lens = model.logitLens(tokens, interventions: ablation)
    #expect(
      close(lens.layers[2].probabilities.data, changed.inner("hook_probs").data, tolerance: 1e-6))
    let reference = referenceForward(
      model, tokens, edits: ReferenceEdits(zeroHeads: [[0, 1]], zeroMLP: [1]))
    #expect(
      close(
        lens.layers[1].probabilities.data,
        Self.referenceLens(reference["blocks.0.hook_resid_post"] ?? [], model), tolerance: 1e-4))
    // The embeddings are untouched, the last layer is not.
    #expect(lens.layers[0] == model.logitLens(tokens).layers[0])
    #expect(lens.layers[2] != model.logitLens(tokens).layers[2])
  }
}
