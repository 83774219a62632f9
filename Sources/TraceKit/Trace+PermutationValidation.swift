import TinyGPT

extension Trace {
  /// The permutation run, when present: both passes valid for the config (as any pass), the
  /// same token count, `order` a permutation of `0..<count`, and the permuted pass's tokens
  /// the original's in that order.
  func checkPermutation() throws(TraceError) {
    guard let run = permutation else { return }
    try run.original.validate(path: "permutation.passes[0]", config: config, tokenizer: tokenizer)
    try run.permuted.validate(path: "permutation.passes[1]", config: config, tokenizer: tokenizer)
    let count = run.original.tokens.count
    guard run.permuted.tokens.count == count else {
      throw .badField(
        path: "permutation.passes[1].tokens",
        problem: "has \(run.permuted.tokens.count) tokens; the original run has \(count)")
    }
    guard run.order.count == count, Set(run.order) == Set(0..<count) else {
      throw .badField(
        path: "permutation.order", problem: "is not a permutation of 0..<\(count)")
    }
    for (i, source) in run.order.enumerated()
    where run.permuted.tokens[i].id != run.original.tokens[source].id {
      throw .badField(
        path: "permutation.passes[1].tokens[\(i)]",
        problem: "is not the original's token \(source), as order says")
    }
  }
}
