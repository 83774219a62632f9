/// Why training cannot start; each renders as one readable line.
public enum TrainingError: Error, Equatable, CustomStringConvertible {
  /// The corpus has no words.
  case emptyCorpus
  /// No sentence is short enough to fit in the context window (`n_ctx + 1` tokens).
  case noSentenceFits(shortestSentence: Int, nCtx: Int)
  /// A training setting is out of range.
  case invalidSetting(name: String, reason: String)
  /// The model's context is too short for the task's sequences.
  case contextTooShort(needed: Int, nCtx: Int)
  /// The corpus uses a token the model being continued does not know.
  case tokenNotInVocabulary(String)
  /// The model's vocabulary does not match the task's.
  case vocabularyMismatch(String)
  /// The loss stopped being a finite number at `step` (1-based).
  case diverged(step: Int, loss: Double, learningRate: Float)

  public var description: String {
    switch self {
    case .emptyCorpus: return "the corpus is empty (no words to train on)"
    case .noSentenceFits(let shortest, let nCtx):
      return "no sentence of the corpus fits the context: the shortest has \(shortest) tokens, "
        + "n_ctx \(nCtx) allows \(nCtx + 1) (raise --n-ctx or use shorter sentences)"
    case .invalidSetting(let name, let reason): return "\(name) \(reason)"
    case .contextTooShort(let needed, let nCtx):
      return "the task's sequences need n_ctx of at least \(needed), the model has \(nCtx)"
    case .tokenNotInVocabulary(let token):
      return "the corpus uses '\(token)', which is not in the model's vocabulary"
    case .vocabularyMismatch(let why): return why
    case .diverged(let step, let loss, let rate):
      let value = loss.isNaN ? "NaN" : loss.isInfinite ? "infinite" : "\(loss)"
      return "training diverged: the loss is \(value) at step \(step) (learning rate \(rate)); "
        + "the learning rate is probably too high (try a smaller --lr), nothing was written"
    }
  }
}
