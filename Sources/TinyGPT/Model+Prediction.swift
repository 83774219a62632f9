/// The tokens actually fed to the model, after cropping to the context window.
public struct Context: Equatable, Sendable {
  /// The last `n_ctx` tokens (all of them when they fit).
  public var tokens: [Int]
  /// How many tokens were dropped from the front.
  public var croppedCount: Int

  /// Keeps the last `limit` of `tokens`.
  public init(cropping tokens: [Int], to limit: Int) {
    croppedCount = max(0, tokens.count - limit)
    self.tokens = Array(tokens.dropFirst(croppedCount))
  }
}

extension Model {
  /// The context the model sees for `tokens`: the last `n_ctx` of them.
  public func context(for tokens: [Int]) -> Context { Context(cropping: tokens, to: config.nCtx) }

  /// Checks that every id is inside the vocabulary.
  public func validate(tokens: [Int]) throws {
    if tokens.isEmpty { throw ModelError.emptyPrompt }
    if let bad = tokens.first(where: { $0 < 0 || $0 >= config.dVocab }) {
      throw ModelError.tokenOutOfRange(bad, vocabularySize: config.dVocab)
    }
  }
}

/// The `count` most probable entries of `probabilities`, best first (ties: lower id first).
public func topCandidates(_ probabilities: [Float], count: Int) -> [(id: Int, probability: Float)] {
  if count <= maxSelectedCount, let best = firstLargest(probabilities, count: count) {
    return best.map { ($0, probabilities[$0]) }
  }
  return probabilities.enumerated()
    .sorted { $0.element != $1.element ? $0.element > $1.element : $0.offset < $1.offset }
    .prefix(max(0, count))
    .map { ($0.offset, $0.element) }
}

/// Up to this many candidates are selected in one pass instead of by sorting every entry.
let maxSelectedCount = 64

/// The indices of the `count` largest values, largest first and the lowest index first on
/// ties, in one pass (the ranking the sort of ``topCandidates(_:count:)`` gives); nil when
/// `values` holds a NaN, which that sort handles its own way.
func firstLargest(_ values: [Float], count: Int) -> [Int]? {
  guard !values.contains(where: \.isNaN) else { return nil }
  let count = min(max(0, count), values.count)
  var best: [Int] = []  // ranked, at most `count`
  best.reserveCapacity(count + 1)
  guard count > 0 else { return best }
  for (i, value) in values.enumerated() {
    // A value equal to the last kept one ranks after it (a higher index): skip it.
    if best.count == count, !(value > values[best[count - 1]]) { continue }
    var slot = best.count
    while slot > 0, value > values[best[slot - 1]] { slot -= 1 }
    best.insert(i, at: slot)
    if best.count > count { best.removeLast() }
  }
  return best
}

/// The tokens `sampleToken` draws from under `settings`, most probable first, each with its
/// unnormalised weight.
///
/// Greedy keeps only the arg-max (lowest id on ties), weight 1. Otherwise the logits are divided
/// by the temperature and exponentiated (shifted by the largest), cut to the top-k, then to the
/// smallest set reaching top-p of the remaining mass.
public func samplingWeights(
  logits: [Float], settings: SamplingSettings
) -> [(id: Int, weight: Double)] {
  if settings.isGreedy {
    return topCandidates(logits, count: 1).map { ($0.id, 1) }
  }
  let scaled = logits.map { $0 / settings.temperature }
  let maxLogit = scaled.max() ?? 0
  var ranked = scaled.enumerated()
    .map { (id: $0.offset, weight: Double(_expf($0.element - maxLogit))) }
    .sorted { $0.weight != $1.weight ? $0.weight > $1.weight : $0.id < $1.id }
  if let k = settings.topK, k > 0 { ranked = Array(ranked.prefix(k)) }
  let total = ranked.reduce(0) { $0 + $1.weight }
  if let p = settings.topP, p < 1 {
    var kept = 0
    var mass = 0.0
    while kept < ranked.count && (kept == 0 || mass < Double(p) * total) {
      mass += ranked[kept].weight
      kept += 1
    }
    ranked = Array(ranked.prefix(kept))
  }
  return ranked
}

/// The distribution `sampleToken` draws from under `settings`: for every token id of `logits`,
/// its probability after temperature, top-k and top-p, renormalised (0 for a token cut).
public func samplingDistribution(logits: [Float], settings: SamplingSettings) -> [Double] {
  let kept = samplingWeights(logits: logits, settings: settings)
  let total = kept.reduce(0) { $0 + $1.weight }
  var distribution = [Double](repeating: 0, count: logits.count)
  guard total > 0 else { return distribution }
  for entry in kept { distribution[entry.id] = entry.weight / total }
  return distribution
}

/// Chooses the next token from one row of logits under `settings`, drawing from `rng`.
///
/// Greedy takes the arg-max (lowest id on ties). Otherwise one token of `samplingWeights` is
/// drawn by inverse CDF with a uniform from `rng`.
public func sampleToken(
  logits: [Float], settings: SamplingSettings, rng: inout RandomSource
) -> Int {
  if settings.isGreedy { return topCandidates(logits, count: 1).first?.id ?? 0 }
  let ranked = samplingWeights(logits: logits, settings: settings)
  let keptTotal = ranked.reduce(0) { $0 + $1.weight }
  let u = rng.nextUniform() * keptTotal
  var cumulative = 0.0
  for entry in ranked {
    cumulative += entry.weight
    if u < cumulative { return entry.id }
  }
  return ranked.last?.id ?? 0
}
