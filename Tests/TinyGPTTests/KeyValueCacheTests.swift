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

  @Test func cachedLogitsAreBitIdenticalToTheFullPassOnAWiderModel() throws {
    // Wide enough that the single-row products of the cached steps take the row path
    // (RowProduct) while the full passes take the blocked one.
    let config = ModelConfig(
      nLayers: 2, dModel: 48, nHeads: 4, dMLP: 136, nCtx: 40, dVocab: 75)
    let tokenizer = Tokenizer(kind: .word, vocabulary: (0..<75).map { "w\($0)" })
    let model = try Model.randomlyInitialized(config: config, tokenizer: tokenizer, seed: 7)
    var steps: [GenerationStep] = []
    let generated = model.generate(
      after: [3, 14, 15, 9, 26, 5, 35], count: 36, sampling: .greedy, cached: true,
      hooks: { NoHooks() }, onStep: { step, _ in steps.append(step) })
    #expect(steps.count == 36 && generated.count == 36)
    for step in steps {
      let full = model.forward(step.context.tokens)  // [pos, d_vocab], no cache
      let last = full.row(full.rows - 1)
      #expect(
        last.map(\.bitPattern) == step.logits.map(\.bitPattern),
        "after \(step.context.tokens.count) tokens")
    }
  }

  @Test func cacheAppendsKeepEveryEarlierRow() {
    var cache = KeyValueCache(layers: 1, width: 3)
    var keys: [Float] = []
    var values: [Float] = []
    for rows in [2, 1, 1, 3] {
      let k = MatmulReference.matrix(rows, 3, seed: UInt64(keys.count + 1))
      let v = MatmulReference.matrix(rows, 3, seed: UInt64(keys.count + 50))
      keys += k.data
      values += v.data
      let (allK, allV) = cache.appending(k, v, layer: 0)
      #expect(allK == Matrix(rows: keys.count / 3, cols: 3, data: keys))
      #expect(allV == Matrix(rows: values.count / 3, cols: 3, data: values))
    }
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
