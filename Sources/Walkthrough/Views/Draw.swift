import TerminalKit
import TinyGPT

/// Shorthands for the blocks every page is made of.
enum Draw {
  /// A matrix as a heatmap with token rows and index columns. Signed values use the diverging
  /// palette; `probabilities` use the sequential one on 0...1.
  static func matrix(
    _ m: Matrix, title: String, rows: [String], columns: [String]? = nil,
    probabilities: Bool = false, caption: String? = nil, maskGlyph: String = "·", maxRows: Int = 16,
    revealed: Int? = nil, highlightRow: Int? = nil, highlightColumn: Int? = nil,
    legend: Bool = false, marks: Marks = Marks()
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
      heatmap.highlightedRows = Set([highlightRow].compactMap { $0 }).union(marks.rows)
      heatmap.highlightedColumns = Set([highlightColumn].compactMap { $0 }).union(marks.columns)
      heatmap.marksHighlights = marks.inspecting
      heatmap.focusedRows = marks.rows
      heatmap.focusedColumns = marks.columns
      if let cell = marks.cell, cell.count == 2 {
        heatmap.highlightedCell = (cell[0], cell[1])
        heatmap.focusedRows.insert(cell[0])
        heatmap.focusedColumns.insert(cell[1])
      }
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

  /// A learned weight matrix: the real values as a heatmap with index labels when the trace
  /// carries them, otherwise its name and shape drawn as a box.
  static func weights(
    _ name: String, rows: Int, cols: Int, note: String = "learned", values: Matrix?,
    marks: Marks = Marks()
  ) -> Block {
    guard let values else { return weights(name, rows: rows, cols: cols, note: note) }
    return matrix(values, title: name, rows: [], marks: marks)
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
