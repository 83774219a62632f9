/// Drawing a heatmap as styled lines.
extension Heatmap {
  /// The style of the ellipsis row and column and of masked cells.
  static let fillerStyle = Style.dim
  /// The style of highlighted labels and of the cell being computed: readable without colour.
  static let highlightStyle = Style(bold: true, reverse: true)

  /// The heatmap laid out at `width` columns: title, caption, column header, rows,
  /// and the elision note when something was left out.
  public func render(width: Int) -> [StyledLine] {
    let width = max(1, width)
    let window = window(width: width)
    let range = colorRange
    var lines: [StyledLine] = []
    if let title, !title.isEmpty {
      lines += TextWrapper.wrap([Span(title, style: .bold)], width: width)
    }
    if let caption, !caption.isEmpty {
      lines += TextWrapper.wrap([Span(caption, style: .dim)], width: width)
    }
    lines.append(headerLine(window))
    for row in window.rows {
      if let row {
        lines.append(dataLine(row: row, window: window, range: range))
      } else {
        lines.append(ellipsisLine(window))
      }
    }
    if let note = window.note {
      lines += TextWrapper.wrap([Span(note, style: .dim)], width: width)
    }
    return lines.map { $0.cropped(to: width) }
  }

  private func headerLine(_ window: HeatmapWindow) -> StyledLine {
    var line = StyledLine()
    line.appendSpaces(window.labelWidth)
    for column in window.columns {
      if let column {
        let highlighted = highlightedColumns.contains(column)
        var text = Heatmap.rightAligned(columnLabels[column], width: window.cellWidth)
        if highlighted && marksHighlights { text = Heatmap.marked(text, with: "↓") }
        line.append(text, style: highlighted ? Heatmap.highlightStyle : .dim)
      } else {
        line.append(" …", style: Heatmap.fillerStyle)
      }
    }
    return Block.trimmingTrailingPlainSpaces(line)
  }

  private func dataLine(row: Int, window: HeatmapWindow, range: ClosedRange<Float>) -> StyledLine {
    let marked = marksHighlights && highlightedRows.contains(row)
    var line = Heatmap.label((marked ? "→" : "") + rowLabels[row], width: window.labelWidth)
    if highlightedRows.contains(row) {
      line = StyledLine(line.plainText, style: Heatmap.highlightStyle)
    }
    for column in window.columns {
      guard let column else {
        line.append(" …", style: Heatmap.fillerStyle)
        continue
      }
      let value = values[row][column]
      if let revealed = revealedCells {
        let index = row * columnCount + column
        if index >= revealed {
          line.appendSpaces(window.cellWidth)
          continue
        }
        if index == revealed - 1,
          let text = cellText(row: row, column: column, decimals: window.decimals)
        {
          line.append(
            Heatmap.rightAligned(text, width: window.cellWidth), style: Heatmap.highlightStyle)
          continue
        }
      }
      if let cursor = highlightedCell, cursor.row == row, cursor.column == column {
        let text = cellText(row: row, column: column, decimals: window.decimals) ?? maskGlyph
        let cell = Heatmap.marked(Heatmap.rightAligned(text, width: window.cellWidth), with: ">")
        line.append(cell, style: Heatmap.highlightStyle)
        continue
      }
      if let text = cellText(row: row, column: column, decimals: window.decimals) {
        let cell = Heatmap.rightAligned(text, width: window.cellWidth)
        if value.isFinite {
          let background = palette.color(for: value, in: range)
          let style = Style(
            foreground: Color(background.contrastingForeground), background: Color(background))
          line.append(cell, style: style)
        } else {
          line.append(cell, style: .bold)
        }
      } else {
        line.append(
          Heatmap.rightAligned(maskGlyph, width: window.cellWidth), style: Heatmap.fillerStyle)
      }
    }
    return line
  }

  private func ellipsisLine(_ window: HeatmapWindow) -> StyledLine {
    var line = Heatmap.label("⋮", width: window.labelWidth)
    for column in window.columns {
      let text = column == nil ? "  " : Heatmap.rightAligned("⋮", width: window.cellWidth)
      line.append(text, style: Heatmap.fillerStyle)
    }
    return Block.trimmingTrailingPlainSpaces(line)
  }

  /// `text` right-aligned in `width` columns (cropped if it does not fit).
  static func rightAligned(_ text: String, width: Int) -> String {
    let padding = width - DisplayWidth.of(text)
    if padding >= 0 { return String(repeating: " ", count: padding) + text }
    return StyledLine(text).cropped(to: width).plainText
  }

  /// `text` with the space just before its content (a cell's padding) replaced by `mark`, so
  /// the mark sits against the number or label it marks.
  static func marked(_ text: String, with mark: Character) -> String {
    guard let start = text.firstIndex(where: { $0 != " " }), start > text.startIndex else {
      return text
    }
    let space = text.index(before: start)
    return text[..<space] + String(mark) + text[start...]
  }

  /// A row label left-aligned in `width` columns, ending in `…` when cut short.
  static func label(_ text: String, width: Int) -> StyledLine {
    guard width > 0 else { return StyledLine() }
    var line = StyledLine(text)
    if line.width > width {
      line = line.cropped(to: width - 1)
      line.append("…")
    }
    return line.padded(to: width)
  }
}
