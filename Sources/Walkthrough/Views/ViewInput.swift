import TinyGPT

/// An activation a view reads: a hook point and, for per-layer points, which block.
struct ViewInput: Hashable, Sendable, CustomStringConvertible {
  /// The block a per-layer input comes from.
  enum Layer: Hashable, Sendable {
    /// The layer the reader is on (`{` `}` keys).
    case current
    /// Block 0 (the stream as the embeddings leave it).
    case first
    /// The last block.
    case last
    /// Every block: the view reads all of them.
    case every
  }

  var point: HookPoint
  /// Ignored for points outside the blocks.
  var layer: Layer

  init(_ point: HookPoint, layer: Layer = .current) {
    self.point = point
    self.layer = layer
  }

  /// The names this input stands for when the reader is on `readerLayer`.
  func names(readerLayer: Int, config: ModelConfig) -> [ActivationName] {
    guard point.isPerLayer else { return [ActivationName(point)] }
    switch layer {
    case .current: return [ActivationName(point, layer: readerLayer)]
    case .first: return [ActivationName(point, layer: 0)]
    case .last: return [ActivationName(point, layer: config.nLayers - 1)]
    case .every: return (0..<config.nLayers).map { ActivationName(point, layer: $0) }
    }
  }

  /// The name as the documentation writes it (`blocks.{layer}.attn.hook_q`).
  var description: String {
    guard point.isPerLayer else { return point.rawValue }
    switch layer {
    case .current: return "blocks.{layer}.\(point.rawValue)"
    case .first: return "blocks.0.\(point.rawValue)"
    case .last: return "blocks.{last_layer}.\(point.rawValue)"
    case .every: return "blocks.*.\(point.rawValue)"
    }
  }
}
