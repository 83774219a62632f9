import TensorFiles

/// A change to the forward pass at a hook point, as TransformerLens's `run_with_hooks` makes
/// them. Exact semantics in `Docs/cli.md`; the values that flow on are the changed ones.
public enum Intervention: Hashable, Sendable, CustomStringConvertible {
  /// `L{l}H{h}`: head h's slice of `blocks.l.attn.hook_z` set to zero (before `W_O`).
  case ablateHead(layer: Int, head: Int)
  /// `L{l}.attn`: `blocks.l.hook_attn_out` set to zero.
  case ablateAttention(layer: Int)
  /// `L{l}.mlp`: `blocks.l.hook_mlp_out` set to zero.
  case ablateMLP(layer: Int)
  /// `pos_embed`: `hook_pos_embed` set to zero.
  case ablatePositions
  /// `hook_attn_scores` equal to `hook_attn_scores_unmasked` in every layer.
  case noMask
  /// The value at `target` replaced by the same hook's value in another run, named `source`.
  case patch(target: PatchTarget, source: String)

  /// The forms `--ablate` accepts, for messages and help.
  public static let ablationForms = "L{layer}H{head}, L{layer}.attn, L{layer}.mlp or pos_embed"

  /// The command-line spelling: `L0H1`, `L1.mlp`, `pos_embed`, `no-mask`, `patch NAME`.
  public var description: String {
    switch self {
    case .ablateHead(let l, let h): "L\(l)H\(h)"
    case .ablateAttention(let l): "L\(l).attn"
    case .ablateMLP(let l): "L\(l).mlp"
    case .ablatePositions: "pos_embed"
    case .noMask: "no-mask"
    case .patch(let target, let source): "patch \(target) from \(source)"
    }
  }

  /// Reads an `--ablate` value against `config`; the error says which forms exist.
  public init(ablation text: String, config: ModelConfig) throws(InterventionError) {
    if text == "pos_embed" {
      guard config.positionalEmbeddingType != .none else {
        throw InterventionError("--ablate pos_embed: this model has no positional embedding")
      }
      self = .ablatePositions
      return
    }
    if let (layer, head) = Self.headLabel(text) {
      try Self.check(layer: layer, head: head, config: config, text)
      self = .ablateHead(layer: layer, head: head)
      return
    }
    for (suffix, make) in [(".attn", Self.ablateAttention), (".mlp", Self.ablateMLP)]
    where text.hasPrefix("L") && text.hasSuffix(suffix) {
      if let layer = Int(text.dropFirst().dropLast(suffix.count)), layer >= 0 {
        try Self.check(layer: layer, head: nil, config: config, text)
        self = make(layer)
        return
      }
    }
    throw InterventionError(
      "unknown intervention '\(excerpt(text))' (forms: \(Self.ablationForms))")
  }

  /// `L{l}H{h}` as numbers, or nil.
  public static func headLabel(_ text: String) -> (layer: Int, head: Int)? {
    guard text.hasPrefix("L"), let h = text.firstIndex(of: "H") else { return nil }
    let layerText = text[text.index(after: text.startIndex)..<h]
    let headText = text[text.index(after: h)...]
    guard let layer = Int(layerText), let head = Int(headText), layer >= 0, head >= 0,
      layerText.allSatisfy(\.isASCII), headText.allSatisfy(\.isASCII)
    else { return nil }
    return (layer, head)
  }

  static func check(layer: Int, head: Int?, config: ModelConfig, _ text: String)
    throws(InterventionError)
  {
    guard layer < config.nLayers else {
      throw InterventionError(
        "\(excerpt(text)): layer \(layer) is out of range (the model has \(config.nLayers) layers, 0–\(config.nLayers - 1))"
      )
    }
    if let head, head >= config.nHeads {
      throw InterventionError(
        "\(excerpt(text)): head \(head) is out of range (the model has \(config.nHeads) heads per layer, 0–\(config.nHeads - 1))"
      )
    }
  }
}

/// What a patch replaces: a whole recorded value, or one head's slice of `hook_z`.
public enum PatchTarget: Hashable, Sendable, CustomStringConvertible {
  case activation(ActivationName)
  /// `L{l}H{h}`: head h's slice of `blocks.l.attn.hook_z`.
  case head(layer: Int, head: Int)

  /// Reads a `--patch` value: a hook name such as `blocks.0.hook_resid_post`, or `L0H1`.
  public init(_ text: String, config: ModelConfig) throws(InterventionError) {
    if let (layer, head) = Intervention.headLabel(text) {
      try Intervention.check(layer: layer, head: head, config: config, text)
      self = .head(layer: layer, head: head)
    } else if let name = ActivationName(text) {
      if let layer = name.layer {
        try Intervention.check(layer: layer, head: nil, config: config, text)
      }
      self = .activation(name)
    } else {
      throw InterventionError(
        "--patch \(excerpt(text)): not a hook name (such as blocks.0.hook_resid_post) or a head (L0H1)"
      )
    }
  }

  /// The hook whose value is read from the source run (`hook_z` of the layer for a head).
  public var sourceName: ActivationName {
    switch self {
    case .activation(let name): name
    case .head(let layer, _): ActivationName(.z, layer: layer)
    }
  }

  public var description: String {
    switch self {
    case .activation(let name): name.description
    case .head(let layer, let head): "L\(layer)H\(head)"
    }
  }
}

/// A wrong intervention: one line naming what is wrong and what would be right.
public struct InterventionError: Error, Equatable, CustomStringConvertible {
  public var description: String
  public init(_ description: String) { self.description = description }
}

extension Intervention {
  /// The intervention as a trace file stores it: a kind (`ablate`, `no_mask`, `patch`), the
  /// target in command-line spelling, and for patches the source run's name.
  public var record: (kind: String, target: String?, source: String?) {
    switch self {
    case .ablateHead, .ablateAttention, .ablateMLP, .ablatePositions:
      ("ablate", description, nil)
    case .noMask: ("no_mask", nil, nil)
    case .patch(let target, let source): ("patch", target.description, source)
    }
  }

  /// An intervention read back from its `record` form, checked against `config`.
  public init(kind: String, target: String?, source: String?, config: ModelConfig)
    throws(InterventionError)
  {
    switch (kind, target, source) {
    case ("ablate", let target?, nil): self = try Intervention(ablation: target, config: config)
    case ("no_mask", nil, nil): self = .noMask
    case ("patch", let target?, let source?):
      self = .patch(target: try PatchTarget(target, config: config), source: source)
    default:
      throw InterventionError(
        "intervention of kind '\(excerpt(kind))' is not one of ablate (with target), no_mask, patch (with target and source)"
      )
    }
  }
}
