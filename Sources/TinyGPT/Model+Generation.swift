/// One step of the generation loop: what the model saw, its logits at the last position, and
/// the token chosen from them.
public struct GenerationStep: Sendable {
  /// The tokens fed to the model (the last `n_ctx`).
  public var context: Context
  /// The logits at the last position. `[d_vocab]`
  public var logits: [Float]
  /// The token appended after this step.
  public var chosen: Int
}

extension Model {
  /// The generation loop, written once: crop to `n_ctx`, run with fresh hooks from
  /// `makeHooks`, sample, append; `onStep` sees each step with the hooks that ran it.
  /// Returns the generated tokens.
  ///
  /// With `cached`, each step runs only the new token against a key/value cache of the earlier
  /// ones (the same numbers, without recomputing the prefix); the hooks then see only the new
  /// position, so tracing runs uncached. When the context is cropped the positions shift and
  /// the cache starts again.
  public func generate<H: Hooks>(
    after tokens: [Int], count: Int, sampling: SamplingSettings, cached: Bool = false,
    hooks makeHooks: () -> H, onStep: (GenerationStep, H) throws -> Void
  ) rethrows -> [Int] {
    var tokens = tokens
    var rng = RandomSource(seed: sampling.seed)
    var generated: [Int] = []
    var cache: KeyValueCache? = nil
    for _ in 0..<count {
      let context = self.context(for: tokens)
      if cached && (cache == nil || context.croppedCount > 0) {
        cache = KeyValueCache(layers: config.nLayers, width: config.dModel)
      }
      var hooks = makeHooks()
      let new = Array(context.tokens.dropFirst(cache?.count ?? 0))  // not yet in the cache
      let rows: LogitRows = cached ? .last : .all
      let logits = forward(new, hooks: &hooks, cache: &cache, logits: rows)  // [new, d_vocab]
      let last = logits.row(logits.rows - 1)  // [d_vocab]
      let next = sampleToken(logits: last, settings: sampling, rng: &rng)
      try onStep(GenerationStep(context: context, logits: last, chosen: next), hooks)
      generated.append(next)
      tokens.append(next)
    }
    return generated
  }

  /// Generates `count` tokens after `tokens` with `interventions` applied (none by default),
  /// untraced, calling `onToken` as each is chosen.
  public func generate(
    after tokens: [Int], count: Int, sampling: SamplingSettings,
    interventions: [Intervention] = [], patchValues: [PatchTarget: Tensor] = [:],
    onToken: (Int) -> Void = { _ in }
  ) -> [Int] {
    // Interventions may change earlier positions' values (no mask lets them see later tokens),
    // so only the model's own run is cached.
    generate(
      after: tokens, count: count, sampling: sampling, cached: interventions.isEmpty,
      hooks: { Intervening(interventions, patchValues: patchValues, inner: NoHooks()) },
      onStep: { step, _ in onToken(step.chosen) })
  }

  /// The next-token probabilities after `tokens` (cropped to `n_ctx`) with `interventions`
  /// applied, untraced. `-> [d_vocab]`
  public func nextTokenProbabilities(
    _ tokens: [Int], interventions: [Intervention] = [], patchValues: [PatchTarget: Tensor] = [:]
  ) -> [Float] {
    var probabilities: [Float] = []
    _ = generate(
      after: tokens, count: 1, sampling: .greedy, cached: true,
      hooks: { Intervening(interventions, patchValues: patchValues, inner: NoHooks()) },
      onStep: { step, _ in
        probabilities =
          softmaxRows(Matrix(rows: 1, cols: step.logits.count, data: step.logits)).data
      })
    return probabilities
  }
}
