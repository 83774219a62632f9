import TerminalKit
import TinyGPT
import TraceKit

// Views of the MLP, the stack of layers, the prediction and generation.

extension PageContext {
  /// Up-projection, activation, down-projection, residual add.
  func mlpView() -> [Block] {
    guard shown.count >= 5, let x = shown(0), let pre = shown(1), let post = shown(2),
      let out = shown(3),
      let resid = shown(4)
    else { return [] }
    let (d, m) = (config.dModel, config.dMLP)
    let input = config.normalizationType == nil ? "x" : "LayerNorm(x)"
    let r = reveal(cols: m)
    return [
      Draw.equation([
        Draw.matrix(x.matrix, title: "x (residual)", rows: tokenLabels, highlightRow: r?.row),
        Draw.op("→ \(input) ·"), Draw.weights("W_in", rows: d, cols: m), Draw.op("+ b ="),
        Draw.matrix(
          pre.matrix, title: "pre-activation", rows: tokenLabels, revealed: r?.count, legend: true),
      ]),
      Draw.equation([
        Draw.op("\(config.actFn.rawValue)( pre ) ="),
        Draw.matrix(post.matrix, title: "post-activation", rows: tokenLabels),
        Draw.op("·"), Draw.weights("W_out", rows: m, cols: d), Draw.op("+ b ="),
        Draw.matrix(out.matrix, title: "MLP output", rows: tokenLabels),
      ]),
      Draw.equation([
        Draw.matrix(x.matrix, title: "residual stream", rows: tokenLabels), Draw.op("+"),
        Draw.matrix(out.matrix, title: "MLP output", rows: tokenLabels), Draw.op("="),
        Draw.matrix(resid.matrix, title: "new residual stream", rows: tokenLabels),
      ]),
    ]
  }

  /// How much each layer's attention and MLP write into the stream, per token (vector lengths).
  func layersView() -> [Block] {
    var columns: [String] = []
    var values = [[Float]](repeating: [], count: pass.tokens.count)
    for l in 0..<config.nLayers {
      for (point, label) in [(HookPoint.attnOut, "attn \(l)"), (.mlpOut, "mlp \(l)")] {
        guard let a = activation(point, layer: l) else { continue }
        columns.append(label)
        let m = a.matrix
        for p in 0..<m.rows { values[p].append(m.row(p).reduce(0) { $0 + $1 * $1 }.squareRoot()) }
      }
    }
    let grid = Matrix(rows: values.count, cols: columns.count, data: values.flatMap { $0 })
    // The attention patterns of every head of the current layer (at most 4), side by side.
    var patterns: [Block] = []
    if let pattern = activation(.pattern) {
      let count = min(config.nHeads, 4)
      for h in 0..<count {
        patterns.append(
          Draw.matrix(
            pattern.slice(h), title: "layer \(layer), head \(h)", rows: tokenLabels,
            columns: tokenLabels, probabilities: true, maxRows: 8))
      }
      if config.nHeads > count { patterns.append(Draw.op("… \(config.nHeads - count) more heads")) }
    }
    return [
      Draw.matrix(
        grid, title: "length of what each part adds, per token", rows: tokenLabels, columns: columns
      ),
      .blank,
      Draw.note("where each head of layer \(layer) looks (rows: queries, columns: keys):"),
      .row(patterns, gap: 3, alignment: .top),
      .blank,
      Draw.note("you are on layer \(layer) of \(config.nLayers); { and } change it"),
    ]
  }

  /// Final residual → logits → probabilities, the top candidates, the chosen token.
  func predictionView() -> [Block] {
    guard shown.count >= 3, let resid = shown(0), let logits = shown(1) else { return [] }
    let last = resid.matrix.rows - 1
    let lastToken = tokenLabels.last ?? ""
    var blocks: [Block] = []
    var chain: [Block] = [
      Draw.matrix(
        resid.matrix.rows(last..<(last + 1)), title: "last row of the stream", rows: [lastToken])
    ]
    if let lnOut = activation(.lnFinalOut) {
      chain += [
        Draw.op("→ LayerNorm →"),
        Draw.matrix(lnOut.matrix.rows(last..<(last + 1)), title: "normalized", rows: [lastToken]),
      ]
    }
    let unembedding = config.tieWordEmbeddings ? "transformer.wte.weightᵀ" : "lm_headᵀ"
    chain += [
      Draw.op("·"),
      Draw.weights("W_U", rows: config.dModel, cols: config.dVocab, note: unembedding),
    ]
    blocks.append(Draw.equation(chain))
    let row = logits.matrix.row(last)
    let order = row.indices.sorted { row[$0] != row[$1] ? row[$0] > row[$1] : $0 < $1 }
    let top = Array(order.prefix(12))
    blocks.append(
      Draw.matrix(
        Matrix(rows: top.count, cols: 1, data: top.map { row[$0] }),
        title: "logits (the \(top.count) largest of \(config.dVocab))",
        rows: top.map { "\"\(trace.tokenizer.text(of: $0))\"" }, columns: ["logit"]))
    let candidates = pass.candidates.prefix(8)
    let largest = candidates.first?.probability ?? 1
    if let chart = try? BarChart(
      labels: candidates.map { "\"\($0.text)\"" }, values: candidates.map(\.probability),
      highlighted: candidates.firstIndex { $0.id == pass.chosen.id },
      decimals: largest >= 0.1 ? 2 : largest >= 0.01 ? 3 : 6, title: "probabilities after softmax")
    {
      blocks.append(.bars(chart))
    }
    blocks.append(
      .paragraph([
        Span("next token: "), Span("\"\(pass.chosen.text)\"", style: .bold),
        Span(
          trace.sampling.isGreedy
            ? "  (greedy: the most probable)"
            : "  (sampled at temperature \(trace.sampling.temperature), seed \(trace.sampling.seed))",
          style: .dim),
      ]))
    return blocks
  }

  /// Each pass of a generation: what it chose, then what it saw (the chosen token comes
  /// first so that a narrow screen, which crops long lines, still shows it).
  func generationView() -> [Block] {
    var lines: [StyledLine] = []
    let chosenWidth = trace.passes.map { DisplayWidth.of($0.chosen.text) }.max() ?? 0
    for (i, p) in trace.passes.enumerated() {
      let label = "pass \(i + 1)"
      var spans = [
        Span(label + String(repeating: " ", count: max(1, 8 - label.count)), style: .dim)
      ]
      let pad = String(repeating: " ", count: chosenWidth - DisplayWidth.of(p.chosen.text))
      spans.append(Span("→ ", style: .dim))
      spans.append(Span(p.chosen.text + pad, style: .bold))
      let probability = p.candidates.first { $0.id == p.chosen.id }?.probability
      spans.append(
        Span(probability.map { "  " + NumberText.fixed($0, decimals: 2) } ?? "      ", style: .dim))
      spans.append(Span("  after: ", style: .dim))
      if p.croppedTokenCount > 0 {
        spans.append(Span("(\(p.croppedTokenCount) cropped) … ", style: .dim))
      }
      spans.append(Span(p.tokens.map(\.text).joined(separator: " ")))
      lines.append(StyledLine(spans))
    }
    let text = (trace.passes.first?.tokens.map(\.text) ?? []) + trace.passes.map(\.chosen.text)
    return [
      .lines(lines), .blank,
      .paragraph([
        Span("text so far: ", style: .dim), Span(text.joined(separator: " "), style: .bold),
      ]),
    ]
  }
}
