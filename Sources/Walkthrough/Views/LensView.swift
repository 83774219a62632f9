import TerminalKit
import TinyGPT

/// The logit lens: the residual stream after the embeddings and after every block, read
/// through the final LayerNorm and the unembedding as if it were the last layer. Computed from
/// the trace's activations and the weights it carries.
struct LensView: WalkthroughView {
  /// Candidates listed for the last position.
  static let candidateCount = 5

  func inputs(for config: ModelConfig) -> [ViewInput] {
    [ViewInput(.residPre, layer: .first), ViewInput(.residPost, layer: .every)]
  }

  func weights(for config: ModelConfig) -> [WeightInput] { ViewInputs.readoutWeights(config) }

  func blocks(_ inputs: ViewInputs, in context: PageContext) throws -> [Block] {
    let (config, trace) = (context.config, context.trace)
    let readout = try inputs.readout(config)
    var streams = [(name: ActivationName(.residPre, layer: 0), value: try inputs(.residPre).matrix)]
    for l in 0..<config.nLayers {
      streams.append(
        (ActivationName(.residPost, layer: l), try inputs(.residPost, layer: l).matrix))
    }
    let lens = LogitLens(
      streams: streams, finalNorm: readout.norm, eps: config.lnEps,
      unembedding: readout.unembedding)
    let labels = lens.layers.map {
      $0.name.point == .residPre ? "embed" : "block \($0.name.layer ?? 0)"
    }
    let tokens = context.tokenLabels
    func cell(_ c: (id: Int, probability: Float)) -> String {
      String(trace.tokenizer.text(of: c.id).prefix(12)) + " "
        + NumberText.fixed(c.probability, decimals: 2)
    }
    let cells = tokens.indices.map { p in lens.layers.map { $0.top(1, at: p).first.map(cell) ?? "" }
    }
    let widths = labels.indices.map { c in
      max(labels[c].count, cells.map { $0[c].count }.max() ?? 0)
    }
    let tokenWidth = max(5, min(12, tokens.map(\.count).max() ?? 0))
    func line(_ lead: String, _ row: [String], style: Style = .plain) -> StyledLine {
      var out = StyledLine(pad(lead, tokenWidth), style: .bold)
      for (c, (text, width)) in zip(row, widths).enumerated() {
        out.append("  " + (c == row.count - 1 ? text : pad(text, width)), style: style)
      }
      return out
    }
    var grid = [line("token", labels, style: .bold)]
    for (p, row) in cells.enumerated() { grid.append(line(String(tokens[p].prefix(12)), row)) }
    let last = tokens.count - 1
    var tops: [StyledLine] = []
    for (layer, label) in zip(lens.layers, labels) {
      var out = StyledLine(pad(label, labels.map(\.count).max() ?? 0), style: .bold)
      out.append("  " + layer.top(Self.candidateCount, at: last).map(cell).joined(separator: "  "))
      tops.append(out)
    }
    let norm = readout.norm == nil ? "" : "the final LayerNorm, "
    return [
      Draw.note(
        "each row of the stream through \(norm)W_U and softmax: the most probable next token and "
          + "its probability, after the embeddings (embed = blocks.0.hook_resid_pre) and after each "
          + "block (blocks.l.hook_resid_post)"),
      .lines(grid), .blank,
      Draw.note("the \(Self.candidateCount) most probable at the last position (\(tokens[last])):"),
      .lines(tops),
    ]
  }

  func animation(config: ModelConfig, tokenCount: Int) -> ViewAnimation? { nil }

  var readsWeights: Bool { true }
}

/// `s` padded with spaces to `width` characters.
func pad(_ s: String, _ width: Int) -> String {
  s + String(repeating: " ", count: max(0, width - s.count))
}
