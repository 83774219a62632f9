import TerminalKit
import TinyGPT
import TraceKit

// Views of attention: Q/K/V, heads, scores, mask, pattern, weighted values, combining heads.

extension PageContext {
  /// `x · W_Q = Q`, `x · W_K = K`, `x · W_V = V` (x drawn once).
  func qkvView() -> [Block] {
    guard shown.count >= 4, let x = shown(0) else { return [] }
    let d = config.dModel
    let r = reveal(cols: d)
    var blocks = [Draw.matrix(x.matrix, title: "x", rows: tokenLabels, highlightRow: r?.row)]
    for (i, (name, value)) in zip(["Q", "K", "V"], shown.dropFirst()).enumerated() {
      blocks.append(
        Draw.equation([
          Draw.op("x ·"), Draw.weights("W_\(name)", rows: d, cols: d), Draw.op("+ b ="),
          Draw.matrix(
            value.matrix, title: name, rows: tokenLabels, revealed: i == 0 ? r?.count : nil,
            legend: i == 0),
        ]))
    }
    blocks.append(
      Draw.note(
        "W_Q, W_K, W_V are the three thirds of \(weightName("attn.c_attn.weight")) [\(d) × \(3 * d)]"
      ))
    return blocks
  }

  /// Q, K and V for the current head: columns of width d_head.
  func headsView() -> [Block] {
    guard shown.count >= 3 else { return [] }
    let cols = headColumns
    let columnLabels = cols.map(String.init)
    return [
      Draw.note(
        "head \(head) of \(config.nHeads): columns \(cols.lowerBound)–\(cols.upperBound - 1) of \(config.dModel)"
      ),
      Draw.equation(
        zip(["Q", "K", "V"], shown).map { name, value in
          Draw.matrix(
            value.head(head), title: "\(name)_\(head)", rows: tokenLabels, columns: columnLabels)
        }),
    ]
  }

  /// `Q_h · K_hᵀ / √d_head = scores`.
  func scoresView() -> [Block] {
    guard shown.count >= 3, let q = shown(0), let k = shown(1), let scores = shown(2) else {
      return []
    }
    let r = reveal(cols: pass.tokens.count)
    return [
      Draw.equation([
        Draw.matrix(q.head(head), title: "Q_\(head)", rows: tokenLabels, highlightRow: r?.row),
        Draw.op("·"),
        Draw.matrix(
          k.head(head).transposed(), title: "K_\(head)ᵀ", rows: (0..<config.dHead).map(String.init),
          columns: tokenLabels, highlightColumn: r?.column),
        Draw.op("/ √\(config.dHead) ="),
        Draw.matrix(
          scores.slice(head), title: "scores (head \(head))", rows: tokenLabels,
          columns: tokenLabels,
          revealed: r?.count, legend: true),
      ])
    ]
  }

  /// The scores before and after the causal mask.
  func maskView() -> [Block] {
    guard shown.count >= 2, let before = shown(0), let after = shown(1) else { return [] }
    return [
      Draw.equation([
        Draw.matrix(before.slice(head), title: "scores", rows: tokenLabels, columns: tokenLabels),
        Draw.op("→ mask →"),
        Draw.matrix(
          after.slice(head), title: "masked scores", rows: tokenLabels, columns: tokenLabels,
          maskGlyph: "-∞"),
      ]),
      Draw.note(
        "-∞ marks a query looking at a later key: hidden by the mask (row = query, column = key)"),
    ]
  }

  /// Softmax of the masked scores, and which earlier token each token attends to most.
  func patternView() -> [Block] {
    guard shown.count >= 2, let masked = shown(0), let pattern = shown(1) else { return [] }
    let p = pattern.slice(head)
    let r = reveal(cols: p.cols)
    var lines: [StyledLine] = []
    for i in 0..<p.rows {
      let row = p.row(i)
      guard let best = row.indices.max(by: { row[$0] < row[$1] }) else { continue }
      lines.append(
        StyledLine([
          Span("\"\(tokenLabels[i])\"", style: .bold), Span(" attends most to "),
          Span("\"\(tokenLabels[best])\"", style: .bold),
          Span(" (\(NumberText.fixed(row[best], decimals: 2)))", style: .dim),
        ]))
    }
    return [
      Draw.equation([
        Draw.matrix(
          masked.slice(head), title: "masked scores", rows: tokenLabels, columns: tokenLabels,
          maskGlyph: "-∞",
          highlightRow: r?.row),
        Draw.op("→ softmax →"),
        Draw.matrix(
          p, title: "pattern (head \(head))", rows: tokenLabels, columns: tokenLabels,
          probabilities: true,
          revealed: r?.count, legend: true),
      ]),
      .lines(lines),
    ]
  }

  /// `pattern_h · V_h = z_h`.
  func weightedValuesView() -> [Block] {
    guard shown.count >= 3, let pattern = shown(0), let v = shown(1), let z = shown(2) else {
      return []
    }
    let r = reveal(cols: config.dHead)
    return [
      Draw.equation([
        Draw.matrix(
          pattern.slice(head), title: "pattern", rows: tokenLabels, columns: tokenLabels,
          probabilities: true,
          highlightRow: r?.row),
        Draw.op("·"),
        Draw.matrix(
          v.head(head), title: "V_\(head)", rows: tokenLabels, highlightColumn: r?.column),
        Draw.op("="),
        Draw.matrix(
          z.head(head), title: "z_\(head)", rows: tokenLabels, revealed: r?.count, legend: true),
      ])
    ]
  }

  /// Concatenated heads · W_O + b = attention output; residual + attention output.
  func combineView() -> [Block] {
    guard shown.count >= 5, let z = shown(0), let result = shown(1), let attnOut = shown(2),
      let pre = shown(3), let mid = shown(4)
    else { return [] }
    let d = config.dModel
    let r = reveal(cols: d)
    // Each head's share (hook_result, bias excluded); many heads: the first, …, the last.
    let heads = Array(0..<config.nHeads)
    let listed = heads.count <= 4 ? heads : [heads[0], -1, heads[heads.count - 1]]
    var shares: [Block] = []
    for h in listed {
      if !shares.isEmpty { shares.append(Draw.op("+")) }
      shares.append(
        h < 0
          ? Draw.op("… \(config.nHeads - 2) more …")
          : Draw.matrix(result.head(h), title: "head \(h)'s share", rows: tokenLabels))
    }
    shares += [
      Draw.op("+ b ="), Draw.matrix(attnOut.matrix, title: "attention output", rows: tokenLabels),
    ]
    return [
      Draw.equation([
        Draw.matrix(
          z.matrix, title: "z (\(config.nHeads) heads side by side)", rows: tokenLabels,
          highlightRow: r?.row),
        Draw.op("·"), Draw.weights("W_O", rows: d, cols: d), Draw.op("+ b ="),
        Draw.matrix(
          attnOut.matrix, title: "attention output", rows: tokenLabels, revealed: r?.count,
          legend: true),
      ]),
      Draw.note("the same, head by head: z_h · (head h's rows of W_O), summed"),
      Draw.equation(shares),
      Draw.equation([
        Draw.matrix(pre.matrix, title: "residual stream", rows: tokenLabels), Draw.op("+"),
        Draw.matrix(attnOut.matrix, title: "attention output", rows: tokenLabels), Draw.op("="),
        Draw.matrix(mid.matrix, title: "new residual stream", rows: tokenLabels),
      ]),
      Draw.note(
        "W_O is \(weightName("attn.c_proj.weight")); the heads' shares are "
          + "blocks.\(layer).attn.hook_result"),
    ]
  }

  /// The GPT-2 name of a weight of the current layer.
  func weightName(_ suffix: String) -> String { WeightSlot.blockName(layer: layer, suffix) }
}
