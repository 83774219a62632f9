/// Direct logit attribution: the logit of one token at the last position split into the
/// contributions of the parts that add up to the final residual stream.
///
/// The stream is `hook_embed + hook_pos_embed + Σ_l (Σ_h L{l}H{h} + L{l}.attn_bias + L{l}.mlp)`,
/// where `L{l}H{h}` is head h's `attn.hook_result`, `L{l}.attn_bias` is `b_O` and `L{l}.mlp` is
/// `hook_mlp_out`. With the final LayerNorm's scale s held at its value in the run
/// (`ln_final.hook_scale`), the logit is linear in the parts:
///
///     logit_T = Σ_c ((x_c − mean(x_c)) / s ⊙ w) · W_U[T] + b · W_U[T]
///
/// so each part contributes its own term and `ln_final.b` (`b · W_U[T]`) is one more. Without
/// LayerNorm the terms are `x_c · W_U[T]`. Computed in Double from the Float32 values.
public struct LogitAttribution: Equatable, Sendable {
  /// One part of the stream and what it adds to the logit.
  public struct Component: Equatable, Sendable {
    /// `hook_embed`, `hook_pos_embed`, `L0H1`, `L0.attn_bias`, `L0.attn`, `L0.mlp`, `ln_final.b`.
    public var name: String
    public var contribution: Double
  }

  /// The token whose logit is split.
  public var token: Int
  /// The position read (the last one).
  public var position: Int
  /// The model's own logit of `token` at `position` in the run.
  public var logit: Float
  public var components: [Component]

  /// The sum of the contributions; equal to `logit` up to Float32 rounding.
  public var sum: Double { components.reduce(0) { $0 + $1.contribution } }

  /// The hooks an attribution reads for `config`.
  public static func names(for config: ModelConfig) -> [ActivationName] {
    var names = [ActivationName(.embed), ActivationName(.logits)]
    if config.positionalEmbeddingType != .none { names.append(ActivationName(.posEmbed)) }
    if config.normalizationType != nil { names.append(ActivationName(.lnFinalScale)) }
    for layer in 0..<config.nLayers {
      names += [.result, .attnOut, .mlpOut].map { ActivationName($0, layer: layer) }
    }
    return names
  }

  /// The layers whose attention output is one part, `L{l}.attn` (its heads do not add up to
  /// it): those whose `hook_attn_out` an intervention replaces.
  public static func wholeAttentionLayers(_ interventions: [Intervention]) -> Set<Int> {
    Set(
      interventions.compactMap { intervention in
        switch intervention {
        case .ablateAttention(let layer): layer
        case .patch(.activation(let name), _) where name.point == .attnOut: name.layer
        default: nil
        }
      })
  }

  /// Refuses interventions after which the final stream is not the sum of the parts: patches
  /// of the residual stream itself, the final LayerNorm or the logits.
  public static func check(_ interventions: [Intervention]) throws(InterventionError) {
    for case .patch(.activation(let name), _) in interventions {
      switch name.point {
      case .residPre, .residMid, .residPost, .lnFinalScale, .lnFinalNormalized, .lnFinalOut,
        .logits:
        throw InterventionError(
          "the attribution splits the residual stream into its parts; a patch of \(name) replaces the stream itself (patch a part instead: a head, hook_attn_out, hook_mlp_out)"
        )
      default: continue
      }
    }
  }

  /// The attribution of `token`'s logit at the last position from the values of one run
  /// (`value` gives each of `names(for:)` as `[pos, …]`), the attention biases of each layer,
  /// the final LayerNorm and the unembedding row of `token` (`[d_model]`). Nil when a value is
  /// missing.
  public init?(
    token: Int, config: ModelConfig, value: (ActivationName) -> Matrix?,
    attentionBiases: [[Float]], finalNorm: LayerNormParameters?, unembeddingRow: [Float],
    wholeAttention: Set<Int> = []
  ) {
    guard let logits = value(ActivationName(.logits)), logits.rows > 0,
      let embed = value(.init(.embed))
    else { return nil }
    let p = logits.rows - 1
    var parts: [(name: String, vector: [Float])] = [("hook_embed", embed.row(p))]
    if config.positionalEmbeddingType != .none {
      guard let pos = value(.init(.posEmbed)) else { return nil }
      parts.append(("hook_pos_embed", pos.row(p)))
    }
    for layer in 0..<config.nLayers {
      if wholeAttention.contains(layer) {
        guard let out = value(.init(.attnOut, layer: layer)) else { return nil }
        parts.append(("L\(layer).attn", out.row(p)))
      } else {
        guard let result = value(.init(.result, layer: layer)), layer < attentionBiases.count
        else { return nil }
        let row = result.row(p)  // [head · d_model]
        for h in 0..<config.nHeads {
          parts.append(
            ("L\(layer)H\(h)", Array(row[(h * config.dModel)..<((h + 1) * config.dModel)])))
        }
        parts.append(("L\(layer).attn_bias", attentionBiases[layer]))
      }
      guard let mlp = value(.init(.mlpOut, layer: layer)) else { return nil }
      parts.append(("L\(layer).mlp", mlp.row(p)))
    }
    let u = unembeddingRow.map(Double.init)
    var components: [Component]
    if let finalNorm {
      guard let scale = value(.init(.lnFinalScale))?.data[p] else { return nil }
      let s = Double(scale)
      let w = finalNorm.weight.map(Double.init)
      components = parts.map { name, vector in
        let x = vector.map(Double.init)
        let mean = x.reduce(0, +) / Double(x.count)
        let dot = x.indices.reduce(0.0) { $0 + (x[$1] - mean) / s * w[$1] * u[$1] }
        return Component(name: name, contribution: dot)
      }
      let bias = finalNorm.bias.indices.reduce(0.0) { $0 + Double(finalNorm.bias[$1]) * u[$1] }
      components.append(Component(name: "ln_final.b", contribution: bias))
    } else {
      components = parts.map { name, vector in
        Component(
          name: name, contribution: vector.indices.reduce(0.0) { $0 + Double(vector[$1]) * u[$1] })
      }
    }
    self.token = token
    self.position = p
    self.logit = logits[p, token]
    self.components = components
  }
}

extension Model {
  /// The attribution of `token`'s logit (default: the most probable token) at the last
  /// position of one forward pass over `tokens` (valid ids, at most `n_ctx`) with
  /// `interventions` applied. Throws for interventions it cannot split (see `check`).
  public func logitAttribution(
    _ tokens: [Int], token: Int? = nil, interventions: [Intervention] = [],
    patchValues: [PatchTarget: Tensor] = [:]
  ) throws(InterventionError) -> LogitAttribution {
    try LogitAttribution.check(interventions)
    let collector = ActivationCollector(LogitAttribution.names(for: config))
    var hooks = Intervening(interventions, patchValues: patchValues, inner: collector)
    let logits = forward(tokens, hooks: &hooks)  // [pos, d_vocab]
    let target = token ?? topCandidates(logits.row(logits.rows - 1), count: 1).first?.id ?? 0
    let values = hooks.inner
    guard
      let attribution = LogitAttribution(
        token: target, config: config, value: { values.matrix($0) },
        attentionBiases: parameters.blocks.map(\.attnProjBias), finalNorm: parameters.finalNorm,
        unembeddingRow: parameters.outputEmbedding.row(target),
        wholeAttention: LogitAttribution.wholeAttentionLayers(interventions))
    else { throw InterventionError("the forward pass did not record what the attribution reads") }
    return attribution
  }
}
