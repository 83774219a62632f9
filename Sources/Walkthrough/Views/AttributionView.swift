import TerminalKit
import TinyGPT

/// Direct logit attribution of the top token at the last position: what each part of the
/// residual stream (embeddings, each head, each attention bias, each MLP, the final LayerNorm's
/// bias) adds to its logit, with the final LayerNorm's scale held at its value in the run.
/// Computed from the trace's activations and the weights it carries.
struct AttributionView: WalkthroughView {
  func inputs(for config: ModelConfig) -> [ViewInput] {
    var inputs = [ViewInput(.embed)]
    if config.positionalEmbeddingType != .none { inputs.append(ViewInput(.posEmbed)) }
    inputs += [HookPoint.result, .attnOut, .mlpOut].map { ViewInput($0, layer: .every) }
    if config.normalizationType != nil { inputs.append(ViewInput(.lnFinalScale)) }
    return inputs + [ViewInput(.logits)]
  }

  func weights(for config: ModelConfig) -> [WeightInput] { ViewInputs.readoutWeights(config) }

  func blocks(_ inputs: ViewInputs, in context: PageContext) throws -> [Block] {
    let (config, trace) = (context.config, context.trace)
    let readout = try inputs.readout(config)
    // b_O of each block from the recorded values: hook_attn_out − Σ_h hook_result (equal to
    // attn.c_proj.bias up to Float32 rounding), so the page reads only what it declares.
    let biases = try (0..<config.nLayers).map { l in
      let out = try inputs(.attnOut, layer: l).matrix  // [pos, d_model]
      let result = try inputs(.result, layer: l).matrix  // [pos, head · d_model]
      let last = out.rows - 1
      return (0..<config.dModel).map { c in
        (0..<config.nHeads).reduce(out[last, c]) { $0 - result[last, $1 * config.dModel + c] }
      }
    }
    do {
      try LogitAttribution.check(trace.interventions)
    } catch {
      return [Draw.note("no attribution for this run: \(error)")]
    }
    let logits = try inputs(.logits).matrix
    let token = topCandidates(logits.row(logits.rows - 1), count: 1).first?.id ?? 0
    var values: [ActivationName: Matrix] = [:]
    for declared in self.inputs(for: config) {
      if declared.layer == .every {
        for l in 0..<config.nLayers {
          values[ActivationName(declared.point, layer: l)] = try inputs(declared.point, layer: l)
            .matrix
        }
      } else {
        values[ActivationName(declared.point)] = try inputs(declared.point).matrix
      }
    }
    guard
      let attribution = LogitAttribution(
        token: token, config: config, value: { values[$0] },
        attentionBiases: biases, finalNorm: readout.norm,
        unembeddingRow: readout.unembedding.row(token),
        wholeAttention: LogitAttribution.wholeAttentionLayers(trace.interventions))
    else { return [Draw.note("no attribution: the trace lacks a value it needs")] }
    let sorted = attribution.components.sorted {
      abs($0.contribution) != abs($1.contribution)
        ? abs($0.contribution) > abs($1.contribution) : $0.name < $1.name
    }
    let largest = sorted.first.map { abs($0.contribution) } ?? 0
    let nameWidth = sorted.map(\.name.count).max() ?? 0
    let half = 20
    let bars: [StyledLine] = sorted.map { c in
      let length = largest > 0 ? Int((abs(c.contribution) / largest * Double(half)).rounded()) : 0
      let bar = String(repeating: "█", count: length)
      var line = StyledLine(pad(c.name, nameWidth), style: .bold)
      line.append("  " + pad(signed(c.contribution), 10) + "  ")
      line.append(String(repeating: " ", count: c.contribution < 0 ? half - length : half))
      if c.contribution < 0 { line.append(bar, style: Style(foreground: .rgb(0xE3, 0x6C, 0x0A))) }
      line.append("│")
      if c.contribution > 0 { line.append(bar, style: BarChart.defaultBarStyle) }
      return line
    }
    let text = trace.tokenizer.text(of: token)
    let scale =
      config.normalizationType == nil
      ? "each part · W_U[\"\(text)\"]"
      : "each part centred, divided by ln_final.hook_scale (its value in this run), times "
        + "ln_f.weight, · W_U[\"\(text)\"]; plus ln_final.b · W_U[\"\(text)\"]"
    return [
      Draw.note(
        "the logit of \"\(text)\" at the last position (\(context.tokenLabels.last ?? "")): \(scale)"
      ),
      .lines(bars), .blank,
      .text(
        "sum of components = \(String(format: "%.6f", attribution.sum)), logit = "
          + String(format: "%.6f", Double(attribution.logit))),
    ]
  }

  func animation(config: ModelConfig, tokenCount: Int) -> ViewAnimation? { nil }

  var readsWeights: Bool { true }
}

/// `value` with a sign and 4 decimals, and `0.0000` without a sign when it rounds to zero.
func signed(_ value: Double) -> String {
  abs(value) < 0.000_05 ? "0.0000" : String(format: "%+.4f", value)
}
