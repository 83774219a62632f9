/// A model ready to run: its shape, its tokenizer and its weights.
public struct Model: Equatable, Sendable {
  public var config: ModelConfig
  public var tokenizer: Tokenizer
  public var parameters: Parameters
  /// Free-form notes stored in the weights file (`description`, `held_out_loss`, `trained_with`...).
  public var metadata: [String: String]

  public init(
    config: ModelConfig, tokenizer: Tokenizer, parameters: Parameters,
    metadata: [String: String] = [:]
  ) {
    self.config = config
    self.tokenizer = tokenizer
    self.parameters = parameters
    self.metadata = metadata
  }
}
