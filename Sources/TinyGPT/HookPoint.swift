/// One place in the forward pass where a value is recorded, named as TransformerLens names it.
///
/// The raw value is the name without its `blocks.L.` prefix; `isPerLayer` says whether it has one.
public enum HookPoint: String, CaseIterable, Sendable {
  case embed = "hook_embed"
  case posEmbed = "hook_pos_embed"
  case residPre = "hook_resid_pre"
  case ln1Scale = "ln1.hook_scale"
  case ln1Normalized = "ln1.hook_normalized"
  case ln1Out = "ln1.hook_out"
  case q = "attn.hook_q"
  case k = "attn.hook_k"
  case v = "attn.hook_v"
  case attnScoresUnmasked = "attn.hook_attn_scores_unmasked"
  case attnScores = "attn.hook_attn_scores"
  case pattern = "attn.hook_pattern"
  case z = "attn.hook_z"
  case result = "attn.hook_result"
  case attnOut = "hook_attn_out"
  case residMid = "hook_resid_mid"
  case ln2Scale = "ln2.hook_scale"
  case ln2Normalized = "ln2.hook_normalized"
  case ln2Out = "ln2.hook_out"
  case mlpPre = "mlp.hook_pre"
  case mlpPost = "mlp.hook_post"
  case mlpOut = "hook_mlp_out"
  case residPost = "hook_resid_post"
  case lnFinalScale = "ln_final.hook_scale"
  case lnFinalNormalized = "ln_final.hook_normalized"
  case lnFinalOut = "ln_final.hook_out"
  case logits = "unembed.hook_out"
  case probs = "hook_probs"

  /// Whether the name lives under `blocks.L.`.
  public var isPerLayer: Bool {
    switch self {
    case .embed, .posEmbed, .lnFinalScale, .lnFinalNormalized, .lnFinalOut, .logits, .probs: false
    default: true
    }
  }

  /// The axis names of the recorded value, outermost first (batch is never present).
  public var axes: [String] {
    switch self {
    case .ln1Scale, .ln2Scale, .lnFinalScale: ["pos", "1"]
    case .q, .k, .v, .z: ["pos", "head", "d_head"]
    case .attnScoresUnmasked, .attnScores, .pattern: ["head", "query_pos", "key_pos"]
    case .result: ["pos", "head", "d_model"]
    case .mlpPre, .mlpPost: ["pos", "d_mlp"]
    case .logits, .probs: ["pos", "d_vocab"]
    default: ["pos", "d_model"]
    }
  }

  /// The shape of the recorded value for `pos` tokens under `config`.
  public func shape(pos: Int, config: ModelConfig) -> [Int] {
    axes.map { axis in
      switch axis {
      case "pos", "query_pos", "key_pos": pos
      case "head": config.nHeads
      case "d_head": config.dHead
      case "d_model": config.dModel
      case "d_mlp": config.dMLP
      case "d_vocab": config.dVocab
      default: 1
      }
    }
  }
}

/// The full name of a recorded value: a hook point, and its layer when it has one.
public struct ActivationName: Hashable, Sendable, CustomStringConvertible {
  public var point: HookPoint
  /// The block index for per-layer points, `nil` otherwise.
  public var layer: Int?

  /// A name outside the blocks (`hook_embed`, `unembed.hook_out`, ...).
  public init(_ point: HookPoint) {
    self.point = point
    self.layer = nil
  }

  /// A name inside block `layer` (`blocks.0.attn.hook_pattern`, ...); `layer` is ignored for
  /// points outside the blocks.
  public init(_ point: HookPoint, layer: Int?) {
    self.point = point
    self.layer = point.isPerLayer ? layer : nil
  }

  /// Parses a TransformerLens name such as `blocks.1.attn.hook_q`; `nil` if it is not one of ours.
  public init?(_ string: String) {
    if string.hasPrefix("blocks.") {
      let rest = string.dropFirst("blocks.".count)
      guard let dot = rest.firstIndex(of: "."), let layer = Int(rest[..<dot]), layer >= 0,
        let point = HookPoint(rawValue: String(rest[rest.index(after: dot)...])), point.isPerLayer
      else { return nil }
      self.init(point, layer: layer)
    } else {
      guard let point = HookPoint(rawValue: string), !point.isPerLayer else { return nil }
      self.init(point)
    }
  }

  public var description: String {
    if let layer { "blocks.\(layer).\(point.rawValue)" } else { point.rawValue }
  }

  /// The names a forward pass of `config` records, in execution order.
  public static func all(for config: ModelConfig) -> [ActivationName] {
    let hasLN = config.normalizationType != nil
    var names = [ActivationName(.embed)]
    if config.positionalEmbeddingType != .none { names.append(ActivationName(.posEmbed)) }
    for layer in 0..<config.nLayers {
      for point in HookPoint.allCases where point.isPerLayer {
        if !hasLN && point.isLayerNorm { continue }
        names.append(ActivationName(point, layer: layer))
      }
    }
    if hasLN { names += [.init(.lnFinalScale), .init(.lnFinalNormalized), .init(.lnFinalOut)] }
    names += [.init(.logits), .init(.probs)]
    return names
  }
}

extension HookPoint {
  /// Whether the point belongs to a LayerNorm (absent when `normalization_type` is none).
  public var isLayerNorm: Bool {
    switch self {
    case .ln1Scale, .ln1Normalized, .ln1Out, .ln2Scale, .ln2Normalized, .ln2Out,
      .lnFinalScale, .lnFinalNormalized, .lnFinalOut:
      true
    default: false
    }
  }
}
