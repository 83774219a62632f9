extension Model {
  /// The next-token probabilities after `tokens` (cropped to `n_ctx`), untraced. `-> [d_vocab]`
  public func nextTokenProbabilities(_ tokens: [Int]) -> [Float] {
    let logits = forward(context(for: tokens).tokens)  // [pos, d_vocab]
    return softmaxRows(logits.rows((logits.rows - 1)..<logits.rows)).data
  }

  /// Generates `count` tokens after `tokens`, untraced, calling `onToken` as each is chosen.
  public func generate(
    after tokens: [Int], count: Int, sampling: SamplingSettings, onToken: (Int) -> Void = { _ in }
  ) -> [Int] {
    var tokens = tokens
    var rng = RandomSource(seed: sampling.seed)
    var generated: [Int] = []
    for _ in 0..<count {
      let logits = forward(context(for: tokens).tokens)  // [pos, d_vocab]
      let next = sampleToken(logits: logits.row(logits.rows - 1), settings: sampling, rng: &rng)
      onToken(next)
      generated.append(next)
      tokens.append(next)
    }
    return generated
  }
}
