import Foundation
import TensorFiles
import Testing
import TinyGPT
import TraceKit
import Walkthrough

/// The prediction page of a changed run (interventions, or sampling that is not greedy) shows
/// the model's own probabilities next to the changed ones; both are recomputed here from the
/// recorded logits, independently of the code under test.
@Suite struct PredictionComparisonTests {
  /// Softmax of `logits` in Double.
  static func softmax(_ logits: [Float]) -> [Double] {
    let top = Double(logits.max() ?? 0)
    let e = logits.map { Foundation.exp(Double($0) - top) }
    let sum = e.reduce(0, +)
    return e.map { $0 / sum }
  }

  /// The distribution drawn from: logits / T, then the k largest, then the smallest prefix
  /// whose mass reaches p, renormalised.
  static func sampled(_ logits: [Float], temperature: Double, k: Int, p: Double) -> [Double] {
    let probs = softmax(logits.map { Float(Double($0) / temperature) })
    let order = probs.indices.sorted { probs[$0] != probs[$1] ? probs[$0] > probs[$1] : $0 < $1 }
    let topK = Array(order.prefix(k))
    let massK = topK.reduce(0) { $0 + probs[$1] }
    var kept: [Int] = []
    var mass = 0.0
    for id in topK where kept.isEmpty || mass < p * massK {
      kept.append(id)
      mass += probs[id]
    }
    var out = [Double](repeating: 0, count: logits.count)
    for id in kept { out[id] = probs[id] / mass }
    return out
  }

  /// The rows of the comparison table: token text and its three printed numbers.
  static func rows(_ text: String) -> [(
    token: String, own: Double, changed: Double, change: Double
  )] {
    text.split(separator: "\n").compactMap { line in
      guard line.hasPrefix("\""), let close = line.dropFirst().firstIndex(of: "\"") else {
        return nil
      }
      let numbers = line.split(separator: " ").compactMap { Double($0) }
      guard numbers.count == 3 else { return nil }
      return (
        String(line[line.index(after: line.startIndex)..<close]), numbers[0], numbers[1], numbers[2]
      )
    }
  }

  static func predictionPage(_ walkthrough: Walkthrough) throws -> String {
    let page = try #require(walkthrough.pages.firstIndex { $0.view == .prediction })
    return walkthrough.document(page: page, at: WalkthroughPosition(page: page), interactive: false)
      .render(width: 80).map(\.plainText).joined(separator: "\n")
  }

  static func lastLogits(_ trace: Trace) throws -> [Float] {
    let logits = try #require(trace.passes[0].activation(ActivationName(.logits))).matrix
    return logits.row(logits.rows - 1)
  }

  /// Checks the printed rows against `own` and `changed`: each number to 3 decimals, and the
  /// rows in order of decreasing change.
  static func check(_ text: String, own: [Double], changed: [Double], tokenizer: Tokenizer) {
    let rows = rows(text)
    #expect(rows.count == 8, "\(text)")
    let expectedOrder = own.indices.sorted {
      abs(changed[$0] - own[$0]) != abs(changed[$1] - own[$1])
        ? abs(changed[$0] - own[$0]) > abs(changed[$1] - own[$1]) : $0 < $1
    }
    for (row, id) in zip(rows, expectedOrder) {
      #expect(row.token == tokenizer.text(of: id))
      #expect(abs(row.own - own[id]) <= 0.0005 + 1e-6, "\(row.token) own")
      #expect(abs(row.changed - changed[id]) <= 0.0005 + 1e-6, "\(row.token) changed")
      #expect(abs(row.change - (changed[id] - own[id])) <= 0.0005 + 1e-6, "\(row.token) change")
    }
  }

  @Test func samplingShowsTheDistributionDrawnFrom() throws {
    let model = Fixtures.defaultModel
    let settings = SamplingSettings(temperature: 0.75, topK: 5, topP: 0.9, seed: 3)
    let trace = try model.trace(
      prompt: Fixtures.prompt, passCount: 1, sampling: settings, modelName: "built-in",
      weightsSHA256: "")
    let text = try Self.predictionPage(try Fixtures.walkthrough(trace))
    #expect(text.contains("right: drawn from at T 0.75 · top-k 5 · top-p 0.9"))
    let logits = try Self.lastLogits(trace)
    let drawn = Self.sampled(logits, temperature: 0.75, k: 5, p: 0.9)
    #expect(drawn.filter { $0 > 0 }.count >= 2, "the test needs a real choice")
    Self.check(text, own: Self.softmax(logits), changed: drawn, tokenizer: model.tokenizer)
    // The library's distribution is the one sampleToken draws from: it never picks a cut token.
    let library = samplingDistribution(logits: logits, settings: settings)
    for seed in 0..<50 as Range<UInt64> {
      var rng = RandomSource(seed: seed)
      let id = sampleToken(logits: logits, settings: settings, rng: &rng)
      #expect(library[id] > 0 && drawn[id] > 0)
    }
  }

  @Test func anInterventionIsComparedWithTheBaseline() throws {
    let model = Fixtures.defaultModel
    let ablated = try model.trace(
      prompt: Fixtures.prompt, passCount: 1, interventions: [.ablateHead(layer: 1, head: 0)],
      modelName: "built-in", weightsSHA256: "")
    let clean = try model.trace(
      prompt: Fixtures.prompt, passCount: 1, modelName: "built-in", weightsSHA256: "")
    var walkthrough = try Fixtures.walkthrough(ablated)
    let without = try Self.predictionPage(walkthrough)
    #expect(without.contains("the model's own probabilities are not known here"))
    #expect(Self.rows(without).isEmpty)
    walkthrough.baseline = clean
    let text = try Self.predictionPage(walkthrough)
    #expect(text.contains("left: model's own · right: after the change"))
    Self.check(
      text, own: Self.softmax(try Self.lastLogits(clean)),
      changed: Self.softmax(try Self.lastLogits(ablated)), tokenizer: model.tokenizer)
  }

  @Test func theModelsOwnGreedyRunHasNoComparison() throws {
    let text = try Self.predictionPage(try Fixtures.walkthrough(Fixtures.defaultTrace))
    #expect(text.contains("probabilities after softmax"))
    #expect(Self.rows(text).isEmpty)
  }
}
