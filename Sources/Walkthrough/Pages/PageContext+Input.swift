import TerminalKit
import TinyGPT
import TraceKit

// Views of the input side: tokens, embeddings, LayerNorm.

extension PageContext {
  /// The prompt, its tokens and their ids.
  func tokensView() -> [Block] {
    var lines = [
      StyledLine([Span("prompt  ", style: .dim), Span("\"\(trace.prompt)\"", style: .bold)])
    ]
    if pass.croppedTokenCount > 0 {
      lines.append(
        StyledLine(
          "(the first \(pass.croppedTokenCount) tokens were cropped: the model sees at most n_ctx = \(config.nCtx))",
          style: .dim))
    }
    lines.append(StyledLine())
    let header = ["position", "token", "id"]
    let rows = pass.tokens.enumerated().map {
      ["\($0.offset)", "\"\($0.element.text)\"", "\($0.element.id)"]
    }
    let widths = (0..<3).map { c in
      ([header[c]] + rows.map { $0[c] }).map { DisplayWidth.of($0) }.max() ?? 0
    }
    func line(_ cells: [String], style: Style) -> StyledLine {
      StyledLine(
        cells.enumerated().map { c, text in
          let pad = String(repeating: " ", count: widths[c] - DisplayWidth.of(text))
          return c == 1 ? text + pad : pad + text
        }.joined(separator: "   "), style: style)
    }
    lines.append(line(header, style: .dim))
    lines += rows.map { line($0, style: .plain) }
    return [.lines(lines)]
  }

  /// Token embedding (+ position embedding) = residual stream.
  func embeddingsView() -> [Block] {
    guard let embed = shown(0), let sum = shown.last else { return [] }
    let rows = tokenLabels
    let r = reveal(cols: config.dModel)
    var parts = [
      Draw.matrix(
        embed.matrix, title: "token embedding", rows: rows, highlightRow: r?.row,
        highlightColumn: r?.column)
    ]
    if shown.count >= 3, let positional = shown(1) {
      let title =
        config.positionalEmbeddingType == .sinusoidal ? "sinusoidal position" : "position embedding"
      parts += [
        Draw.op("+"),
        Draw.matrix(
          positional.matrix, title: title, rows: positionLabels, highlightRow: r?.row,
          highlightColumn: r?.column),
      ]
    }
    parts += [
      Draw.op("="),
      Draw.matrix(
        sum.matrix, title: "residual stream", rows: rows, revealed: r?.count, legend: true),
    ]
    var blocks = [Draw.equation(parts)]
    let ids = pass.tokens.map { "\($0.id)" }.joined(separator: ", ")
    blocks.append(
      Draw.note(
        "rows of transformer.wte.weight [\(config.dVocab) × \(config.dModel)] for ids \(ids)"))
    return blocks
  }

  /// `pos 0`, `pos 1`, ... for matrices indexed by position rather than token.
  var positionLabels: [String] { (0..<pass.tokens.count).map { "pos \($0)" } }

  /// A LayerNorm's stages: input, scale, normalized, output.
  func layerNormView() -> [Block] {
    guard shown.count >= 4, let x = shown(0), let scale = shown(1), let normalized = shown(2),
      let out = shown(3)
    else { return [] }
    let rows = tokenLabels
    let r = reveal(cols: config.dModel)
    // The mean is not a hook; it is computed here from the recorded input rows.
    let xm = x.matrix
    var stats = Matrix(rows: xm.rows, cols: 2)
    for p in 0..<xm.rows {
      stats[p, 0] = xm.row(p).reduce(0, +) / Float(xm.cols)
      stats[p, 1] = scale.data[p]
    }
    let scaleColumn = Draw.matrix(stats, title: "per row", rows: rows, columns: ["mean", "scale"])
    return [
      Draw.equation([
        Draw.matrix(x.matrix, title: "x (residual)", rows: rows), Draw.op("→"), scaleColumn,
      ]),
      Draw.equation([
        Draw.matrix(
          normalized.matrix, title: "(x − mean) / scale", rows: rows, highlightRow: r?.row,
          highlightColumn: r?.column),
        Draw.op("× w + b ="),
        Draw.matrix(
          out.matrix, title: "LayerNorm output", rows: rows, revealed: r?.count, legend: true),
      ]),
    ]
  }
}
