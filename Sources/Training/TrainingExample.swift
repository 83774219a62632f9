import TinyGPT

/// One training sequence: the tokens fed to the model and, per position, the next token to
/// predict (`nil` where no loss is taken).
public struct TrainingExample: Equatable, Sendable {
  /// `[pos]`
  public var tokens: [Int]
  /// `[pos]`; `targets[p]` is the token that should follow `tokens[0...p]`.
  public var targets: [Int?]

  public init(tokens: [Int], targets: [Int?]) {
    self.tokens = tokens
    self.targets = targets
  }

  /// The positions that carry a loss.
  public var targetCount: Int { targets.reduce(0) { $0 + ($1 == nil ? 0 : 1) } }
}

/// Where training sequences come from: a word corpus or a generated task.
public protocol TrainingData: Sendable {
  /// The tokenizer the model must use.
  var tokenizer: Tokenizer { get }
  /// The training sequences of one step, drawn with `rng` (so a seed fixes every batch).
  func batch(size: Int, rng: inout RandomSource) -> [TrainingExample]
  /// Sequences the train loss is reported on (all of them, or a fixed sample).
  var trainingSample: [TrainingExample] { get }
  /// Sequences never trained on, for the held-out loss.
  var heldOut: [TrainingExample] { get }
}
