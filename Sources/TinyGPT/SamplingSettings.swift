/// How the next token is chosen from the probabilities.
public struct SamplingSettings: Equatable, Sendable {
  /// 0 means greedy (always the most probable token); otherwise logits are divided by it.
  public var temperature: Float
  /// Keep only the `topK` most probable tokens before sampling (`nil`: all).
  public var topK: Int?
  /// Keep the smallest set of tokens whose probability reaches `topP` (`nil`: all).
  public var topP: Float?
  /// The seed of the generator that draws the samples.
  public var seed: UInt64

  public init(temperature: Float = 0, topK: Int? = nil, topP: Float? = nil, seed: UInt64 = 0) {
    self.temperature = temperature
    self.topK = topK
    self.topP = topP
    self.seed = seed
  }

  /// Greedy decoding.
  public static let greedy = SamplingSettings()

  /// Whether the choice is always the most probable token.
  public var isGreedy: Bool { temperature == 0 }
}
