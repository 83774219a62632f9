import TerminalKit
import TinyGPT
import TraceKit

/// What a view function needs to draw one page: the trace, where the reader is, and the
/// activations the script's `show:` line names (in order).
struct PageContext {
  let walkthrough: Walkthrough
  let position: WalkthroughPosition
  let shown: [Activation]
  /// During an animation, how many cells of the page's product are revealed so far.
  var revealed: Int? = nil

  var trace: Trace { walkthrough.trace }
  var config: ModelConfig { trace.config }
  var pass: Pass { trace.passes[min(position.pass, trace.passes.count - 1)] }
  var layer: Int { position.layer }
  var head: Int { min(position.head, config.nHeads - 1) }
  /// Token texts, for row labels; a blank token is drawn as `␣` so its row stays visible.
  var tokenLabels: [String] {
    pass.tokens.map {
      $0.text.allSatisfy(\.isWhitespace)
        ? String(repeating: "␣", count: max(1, $0.text.count)) : $0.text
    }
  }

  /// The `index`-th shown activation, if the script listed that many.
  func shown(_ index: Int) -> Activation? { index < shown.count ? shown[index] : nil }

  /// An activation of this pass by hook point, at the current layer when it is per-layer.
  func activation(_ point: HookPoint, layer: Int? = nil) -> Activation? {
    let name =
      point.isPerLayer ? ActivationName(point, layer: layer ?? self.layer) : ActivationName(point)
    return pass.activation(name)
  }

  /// The animation state for a product with `cols` columns: how many cells are revealed and
  /// which cell is being computed (its row and column highlight the operands).
  func reveal(cols: Int) -> Reveal? {
    guard let revealed, revealed > 0, cols > 0 else { return nil }
    return Reveal(count: revealed, row: (revealed - 1) / cols, column: (revealed - 1) % cols)
  }

  /// The `[d_head]`-wide column range of the current head inside `[d_model]`.
  var headColumns: Range<Int> { (head * config.dHead)..<((head + 1) * config.dHead) }
}

/// The part of a product shown during an animation frame.
struct Reveal {
  var count: Int
  var row: Int
  var column: Int
}

/// Shorthands for the blocks every page is made of.
enum Draw {
  /// A matrix as a heatmap with token rows and index columns. Signed values use the diverging
  /// palette; `probabilities` use the sequential one on 0...1.
  static func matrix(
    _ m: Matrix, title: String, rows: [String], columns: [String]? = nil,
    probabilities: Bool = false, caption: String? = nil, maskGlyph: String = "·", maxRows: Int = 16,
    revealed: Int? = nil, highlightRow: Int? = nil, highlightColumn: Int? = nil,
    legend: Bool = false
  ) -> Block {
    let values = (0..<m.rows).map { m.row($0) }
    let labels = rows.count == m.rows ? rows : (0..<m.rows).map(String.init)
    do {
      var heatmap = try Heatmap(
        values: values, rowLabels: labels, columnLabels: columns,
        palette: probabilities ? .viridis : .blueOrange, range: probabilities ? 0...1 : nil,
        title: title, caption: caption, decimals: decimals(for: m.data), maxRows: maxRows,
        maskGlyph: maskGlyph)
      heatmap.revealedCells = revealed
      heatmap.highlightedRows = Set([highlightRow].compactMap { $0 })
      heatmap.highlightedColumns = Set([highlightColumn].compactMap { $0 })
      guard legend else { return .heatmap(heatmap) }
      var scale = heatmap.legend
      scale.title = "colour scale of \(title)"
      return .stack([.heatmap(heatmap), .legend(scale)])
    } catch {
      return .text("(\(title): \(error))", style: .dim)
    }
  }

  /// Enough decimals that the largest values show 3 significant digits, and at most 3.
  static func decimals(for values: [Float]) -> Int {
    let largest = values.lazy.filter(\.isFinite).map(abs).max() ?? 0
    switch largest {
    case 100...: return 0
    case 10..<100: return 1
    case 0.1..<10, 0: return 2
    default: return 3
    }
  }

  /// A learned weight matrix the trace does not hold: its name and shape, drawn as a box.
  static func weights(_ name: String, rows: Int, cols: Int, note: String = "learned") -> Block {
    let inner = [name, "[\(rows) × \(cols)]", note]
    let width = inner.map { DisplayWidth.of($0) }.max() ?? 0
    func pad(_ s: String) -> String {
      s + String(repeating: " ", count: width - DisplayWidth.of(s))
    }
    let border = Style(dim: true)
    var lines = [StyledLine("┌" + String(repeating: "─", count: width + 2) + "┐", style: border)]
    for (i, text) in inner.enumerated() {
      lines.append(
        StyledLine([
          Span("│ ", style: border), Span(pad(text), style: i == 0 ? .bold : .dim),
          Span(" │", style: border),
        ]))
    }
    lines.append(StyledLine("└" + String(repeating: "─", count: width + 2) + "┘", style: border))
    return .lines(lines)
  }

  /// An operator between matrices: `·`, `+`, `=`, `→`.
  static func op(_ symbol: String) -> Block { .glyph(symbol, style: .bold) }

  /// Parts laid side by side when they fit, stacked otherwise. A legend drawn under one of the
  /// parts is moved below the whole row, so that every matrix keeps the same height and their
  /// rows line up.
  static func equation(_ parts: [Block]) -> Block {
    var legends: [Block] = []
    let matrices = parts.map { part -> Block in
      guard case .stack(let inner) = part, inner.count == 2, case .legend = inner[1] else {
        return part
      }
      legends.append(inner[1])
      return inner[0]
    }
    let row = Block.row(matrices, gap: 1, alignment: .center)
    return legends.isEmpty ? row : .stack([row] + legends)
  }

  /// A dim note line.
  static func note(_ text: String) -> Block { .text(text, style: .dim) }
}
