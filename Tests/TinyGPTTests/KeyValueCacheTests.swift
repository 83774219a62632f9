import Testing

@testable import TinyGPT

/// Generation with the key/value cache gives what recomputing the whole prefix gives.
@Suite struct KeyValueCacheTests {
  @Test(arguments: [PositionalEmbeddingType.standard, .sinusoidal, .none])
  func cachedStepsMatchFullForwardPasses(positional: PositionalEmbeddingType) {
    let model = testModel(positional: positional)
    let tokens = [3, 1, 4]
    var cache: KeyValueCache? = KeyValueCache(layers: 2, width: 8)
    var hooks = NoHooks()
    var all = tokens
    var logits = model.forward(tokens, hooks: &hooks, cache: &cache, logits: .last)
    for next in [5, 9, 2] {
      // The full pass over everything so far, by the plain forward pass.
      let full = model.forward(all)
      #expect(logits.rows == 1)
      #expect(close(logits.row(0), full.row(full.rows - 1)), "after \(all)")
      all.append(next)
      logits = model.forward([next], hooks: &hooks, cache: &cache, logits: .last)
    }
    #expect(cache?.count == 6)
  }

  @Test func cachedGenerationChoosesTheSameTokensPastTheContextWindow() {
    let model = testModel()  // n_ctx 6: generating 9 tokens crops and restarts the cache
    let sampling = SamplingSettings(temperature: 0.9, topK: nil, topP: nil, seed: 3)
    let cached = model.generate(after: [1, 2], count: 9, sampling: sampling)
    let uncached = model.generate(
      after: [1, 2], count: 9, sampling: sampling, cached: false, hooks: { NoHooks() },
      onStep: { _, _ in })
    #expect(cached == uncached)
  }

  @Test func onlyTheLastRowIsComputedWhenNothingWatchesTheUnembedding() {
    let model = testModel()
    var cache: KeyValueCache? = nil
    var plain = NoHooks()
    #expect(model.forward([1, 2, 3], hooks: &plain, cache: &cache, logits: .last).rows == 1)
    var watching = CollectingRecorder()
    #expect(model.forward([1, 2, 3], hooks: &watching, cache: &cache, logits: .last).rows == 3)
  }
}
