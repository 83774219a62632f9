import TensorFiles
import Testing
import TinyGPT

@testable import TraceKit

/// `tracer diff`'s comparison, and interventions recorded in traces.
@Suite struct TraceDiffTests {
  static func trace(_ interventions: [Intervention] = [], prompt: String = "a b c d") throws
    -> Trace
  {
    let config = ModelConfig(nLayers: 2, dModel: 8, nHeads: 2, dMLP: 16, nCtx: 8, dVocab: 6)
    let tokenizer = Tokenizer(kind: .word, vocabulary: ["a", "b", "c", "d", "e", "f"])
    let model = try Model.randomlyInitialized(config: config, tokenizer: tokenizer, seed: 3)
    return try model.trace(
      prompt: prompt, passCount: 2, interventions: interventions, modelName: "m",
      weightsSHA256: WeightsFile.sha256(of: model))
  }

  @Test func aTraceComparedWithItselfIsIdentical() throws {
    let t = try Self.trace()
    let diff = TraceDiff(t, t)
    #expect(diff.identical)
    #expect(diff.firstDifference == nil)
    #expect(diff.entries.count == t.passes.reduce(0) { $0 + $1.activations.count })
    #expect(diff.entries.allSatisfy { $0.maxAbsolute == 0 })
  }

  @Test(arguments: [0, 1])
  func anAblatedHeadFirstDiffersAtItsLayersZ(layer: Int) throws {
    let diff = TraceDiff(try Self.trace(), try Self.trace([.ablateHead(layer: layer, head: 1)]))
    #expect(!diff.identical)
    #expect(diff.firstDifference?.name == "blocks.\(layer).attn.hook_z")
    #expect(diff.firstDifference?.pass == 0)
    // The largest difference of z is in head 1's slice: [pos, head 1, d].
    #expect(diff.firstDifference?.absoluteIndex[1] == 1)
  }

  @Test func theLargestDifferenceAndItsPlaceAreFound() {
    var a = makeTestTrace(passes: 1)
    var b = a
    let i = 5
    b.passes[0].activations[2].data[i] += 2.5
    a.passes[0].activations[4].shape = [1] + a.passes[0].activations[4].shape  // cannot compare
    let diff = TraceDiff(a, b)
    let entry = diff.entries.first { $0.name == b.passes[0].activations[2].name }
    #expect(entry?.maxAbsolute ?? 0 >= 2.49)
    #expect(entry.map { TraceDiff.multiIndex(i, shape: $0.shape) } == entry?.absoluteIndex)
    #expect(diff.skipped.map(\.name) == [a.passes[0].activations[4].name])
    #expect(diff.firstDifference?.name == b.passes[0].activations[2].name)
  }

  @Test func maskedOnOneSideOnlyIsAnInfiniteDifference() throws {
    let diff = TraceDiff(try Self.trace(), try Self.trace([.noMask]))
    #expect(diff.firstDifference?.name == "blocks.0.attn.hook_attn_scores")
    #expect(diff.firstDifference?.maxAbsolute == .infinity)
  }

  @Test func interventionsRoundTripThroughTraceFiles() throws {
    let target = PatchTarget.head(layer: 1, head: 0)
    var t = try Self.trace([.ablateHead(layer: 0, head: 1), .ablateMLP(layer: 1), .noMask])
    t.interventions.append(.patch(target: target, source: "b.json"))
    t.interventions.append(
      .patch(target: .activation(ActivationName(.residPost, layer: 0)), source: "c.json"))
    let back = try TraceFile.decode(try TraceFile.encode(t))
    #expect(back.interventions == t.interventions)
    #expect(try TraceFile.decode(try TraceFile.encode(try Self.trace())).interventions.isEmpty)
  }

  @Test func aBadInterventionInAFileIsAnErrorNamingIt() throws {
    var bytes = String(
      decoding: try TraceFile.encode(try Self.trace([.ablatePositions])), as: UTF8.self)
    bytes = bytes.replacingOccurrences(of: "\"pos_embed\"", with: "\"L7H0\"")
    let message = errorText { try TraceFile.decode(Array(bytes.utf8)) } ?? ""
    #expect(message.contains("interventions[0]"))
    #expect(message.contains("layer 7"))
  }
}
