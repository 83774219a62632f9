import Testing

@testable import TinyGPT

@Suite struct SamplingTests {
  let logits: [Float] = [1, 3, 2, 0.5, 3]

  @Test func greedyTakesTheArgMaxWithLowestIdOnTies() {
    var rng = RandomSource(seed: 1)
    #expect(sampleToken(logits: logits, settings: .greedy, rng: &rng) == 1)
  }

  @Test func topCandidateIsTheFirstOfTheFullRanking() {
    // The one-pass arg-max against a sort written here: largest first, lowest id on ties.
    let cases: [[Float]] = [
      [1, 3, 2, 0.5, 3], [-2, -1, -1, -3], [0, -0.0, 0], [-0.0, 0], [7], [],
      [-.infinity, -.infinity], [1, .infinity, 2, .infinity], [2, .nan, 3], [.nan, 1],
      (0..<1000).map { Float(($0 * 7919) % 997) - 500 },
    ]
    for values in cases {
      let ranked = values.indices.sorted {
        values[$0] != values[$1] ? values[$0] > values[$1] : $0 < $1
      }
      let top = topCandidates(values, count: 1)
      #expect(top.map(\.id) == Array(ranked.prefix(1)), "\(values.prefix(6))")
      #expect(top.map(\.probability.bitPattern) == ranked.prefix(1).map { values[$0].bitPattern })
    }
  }

  @Test func topCandidatesAreTheStartOfTheFullRanking() {
    // The one-pass selection against a sort written here, for several counts, with many ties,
    // signed zeros and infinities; counts above the selection limit take the sort.
    var rng = RandomSource(seed: 3)
    let tied = (0..<5000).map { _ in Float(Int(rng.nextUniform() * 40)) - 20 }
    let cases: [[Float]] = [
      [1, 3, 2, 0.5, 3], [0, -0.0, 0, -0.0], [-.infinity, 2, .infinity, 2, -.infinity], [], [4],
      tied, (0..<50257).map { Float(($0 * 7919) % 50021) * 1e-5 },
    ]
    for values in cases {
      let ranked = values.indices.sorted {
        values[$0] != values[$1] ? values[$0] > values[$1] : $0 < $1
      }
      for count in [0, 1, 2, 5, 10, 64, 65, 200] {
        let top = topCandidates(values, count: count)
        #expect(top.map(\.id) == Array(ranked.prefix(count)), "count \(count), \(values.prefix(6))")
        #expect(
          top.map(\.probability.bitPattern) == ranked.prefix(count).map { values[$0].bitPattern })
      }
    }
  }

  @Test func topKOfOneIsGreedyWhateverTheTemperature() {
    var rng = RandomSource(seed: 9)
    for _ in 0..<20 {
      #expect(
        sampleToken(
          logits: [1, 5, 2], settings: SamplingSettings(temperature: 5, topK: 1), rng: &rng) == 1)
    }
  }

  @Test func samplingFollowsTheDistributionAndIsSeeded() {
    let settings = SamplingSettings(temperature: 1, topK: 3, seed: 4)
    var rng = RandomSource(seed: 4)
    var counts = [Int](repeating: 0, count: 5)
    for _ in 0..<20_000 { counts[sampleToken(logits: logits, settings: settings, rng: &rng)] += 1 }
    // top-3 keeps ids 1, 4 (logit 3) and 2 (logit 2): p = e³/(2e³+e²) = 0.4223, e²/… = 0.1554
    #expect(counts[0] == 0 && counts[3] == 0)
    #expect(abs(Double(counts[1]) / 20_000 - 0.4223) < 0.02)
    #expect(abs(Double(counts[2]) / 20_000 - 0.1554) < 0.02)
    var a = RandomSource(seed: 4)
    var b = RandomSource(seed: 4)
    let first = (0..<50).map { _ in sampleToken(logits: logits, settings: settings, rng: &a) }
    let second = (0..<50).map { _ in sampleToken(logits: logits, settings: settings, rng: &b) }
    #expect(first == second)
  }

  @Test func topPKeepsTheSmallestSetReachingP() {
    // probabilities ∝ [e³, e³, e², ...]; the two top tokens hold 0.79 of the mass
    var rng = RandomSource(seed: 2)
    let settings = SamplingSettings(temperature: 1, topP: 0.7, seed: 2)
    let drawn = Set(
      (0..<500).map { _ in sampleToken(logits: logits, settings: settings, rng: &rng) })
    #expect(drawn == [1, 4])
  }

  @Test func contextIsCroppedToTheLastNCtxTokens() {
    let c = Context(cropping: [1, 2, 3, 4, 5, 6, 7], to: 4)
    #expect(c.tokens == [4, 5, 6, 7] && c.croppedCount == 3)
    #expect(Context(cropping: [1, 2], to: 4).croppedCount == 0)
  }

  @Test func initialisationIsDeterministicAndGPT2Scaled() throws {
    let config = ModelConfig(nLayers: 4, dModel: 32, nHeads: 4, dMLP: 64, nCtx: 8, dVocab: 50)
    let tok = Tokenizer(kind: .word, vocabulary: (0..<50).map { "t\($0)" })
    let a = try Model.randomlyInitialized(config: config, tokenizer: tok, seed: 7)
    let b = try Model.randomlyInitialized(config: config, tokenizer: tok, seed: 7)
    let c = try Model.randomlyInitialized(config: config, tokenizer: tok, seed: 8)
    #expect(a == b && a != c)
    let w = a.parameters.blocks[0].fcWeight.data
    let std = (w.map { Double($0 * $0) }.reduce(0, +) / Double(w.count)).squareRoot()
    #expect(abs(std - 0.02) < 0.002)
    let proj = a.parameters.blocks[0].mlpProjWeight.data
    let projStd = (proj.map { Double($0 * $0) }.reduce(0, +) / Double(proj.count)).squareRoot()
    #expect(abs(projStd - 0.02 / 8.0.squareRoot()) < 0.001)
    #expect(
      a.parameters.parameterCount == 50 * 32 + 8 * 32 + 4
        * (2 * 32 + 32 * 96 + 96 + 32 * 32 + 32 + 2 * 32 + 32 * 64 + 64 + 64 * 32 + 32) + 2 * 32)
  }
}
