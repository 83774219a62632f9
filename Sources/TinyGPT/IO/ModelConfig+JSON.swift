import Foundation
import TensorFiles

extension ModelConfig {
  /// The config as one line of JSON with sorted keys (its `Codable` form, TransformerLens names).
  public func jsonBytes() -> [UInt8] {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    // Every field is an Int, Bool, finite Float, String or nil, so encoding cannot fail.
    return (try? Array(encoder.encode(self))) ?? Array("{}".utf8)
  }

  /// Decodes a config from its JSON form; errors name the field (`config.n_heads is missing`).
  public init(jsonBytes bytes: some Collection<UInt8>, root: String = "config") throws {
    self = try JSONFieldError.decode(ModelConfig.self, from: bytes, root: root)
  }
}
