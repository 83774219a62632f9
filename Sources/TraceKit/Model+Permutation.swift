import TinyGPT

extension Model {
  /// The permutation run on `tokens` (the context a trace's first pass saw): one pass on the
  /// tokens and one on them in `PermutationRun.reverseOrder`, both with positions ablated (when
  /// the model has them) and without the mask. Nil for fewer than 2 tokens.
  public func permutationRun(tokens: [Int]) -> PermutationRun? {
    guard tokens.count >= 2 else { return nil }
    var interventions: [Intervention] = []
    if config.positionalEmbeddingType != .none { interventions.append(.ablatePositions) }
    interventions.append(.noMask)
    let order = PermutationRun.reverseOrder(count: tokens.count)
    func run(_ input: [Int]) -> Pass? {
      trace(
        tokens: input, prompt: "", passCount: 1, interventions: interventions, modelName: "",
        weightsSHA256: ""
      ).passes.first
    }
    guard let original = run(tokens), let permuted = run(order.map { tokens[$0] }) else {
      return nil
    }
    return PermutationRun(
      order: order, interventions: interventions, original: original, permuted: permuted)
  }
}
