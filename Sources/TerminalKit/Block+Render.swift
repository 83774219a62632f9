/// Layout of blocks into lines at a width.
extension Block {
  /// The block laid out at `width` columns (at least 1); no line is wider than `width`.
  public func render(width: Int) -> [StyledLine] {
    let width = max(1, width)
    return layout(width: width).map { $0.cropped(to: width) }
  }

  /// Layout before the final crop; parts may still need cropping.
  func layout(width: Int) -> [StyledLine] {
    switch self {
    case .paragraph(let spans):
      return TextWrapper.wrap(spans, width: width)
    case .lines(let lines):
      return lines.map { $0.cropped(to: width) }
    case .blank:
      return [StyledLine()]
    case .rule(let title):
      return [Block.ruleLine(title: title, width: width)]
    case .stack(let blocks):
      return blocks.flatMap { $0.render(width: width) }
    case .row(let blocks, let gap, let alignment):
      return Block.layoutRow(blocks, gap: max(0, gap), alignment: alignment, width: width)
    case .heatmap(let heatmap):
      return heatmap.render(width: width)
    case .bars(let chart):
      return chart.render(width: width)
    case .legend(let legend):
      return legend.render(width: width)
    case .indent(let block, let amount):
      let amount = max(0, min(amount, width - 1))
      let pad = String(repeating: " ", count: amount)
      return block.render(width: width - amount).map { line in
        guard !line.spans.isEmpty else { return line }
        var shifted = StyledLine(pad)
        shifted.append(contentsOf: line)
        return shifted
      }
    }
  }

  static func ruleLine(title: String?, width: Int) -> StyledLine {
    let style = Style.dim
    guard let title, !title.isEmpty, width >= 6 else {
      return StyledLine(String(repeating: "─", count: width), style: style)
    }
    var line = StyledLine("── ", style: style)
    line.append(contentsOf: StyledLine(title, style: .bold).cropped(to: width - 4))
    line.append(" ", style: style)
    line.append(String(repeating: "─", count: max(0, width - line.width)), style: style)
    return line
  }

  static func layoutRow(
    _ blocks: [Block], gap: Int, alignment: RowAlignment, width: Int
  ) -> [StyledLine] {
    let parts = blocks.map { $0.render(width: width) }
    let widths = parts.map { lines in lines.map(\.width).max() ?? 0 }
    let total = widths.reduce(0, +) + gap * max(0, parts.count - 1)
    guard total <= width else { return parts.flatMap { $0 } }
    let height = parts.map(\.count).max() ?? 0
    var rows = [StyledLine](repeating: StyledLine(), count: height)
    for (index, part) in parts.enumerated() {
      let top: Int
      switch alignment {
      case .top: top = 0
      case .center: top = (height - part.count) / 2
      case .bottom: top = height - part.count
      }
      let isLast = index == parts.count - 1
      for row in 0..<height {
        let lineIndex = row - top
        let line = lineIndex >= 0 && lineIndex < part.count ? part[lineIndex] : StyledLine()
        rows[row].append(contentsOf: isLast ? line : line.padded(to: widths[index] + gap))
      }
    }
    return rows.map(Block.trimmingTrailingPlainSpaces)
  }

  /// The line without plain trailing spaces (coloured spaces are kept).
  static func trimmingTrailingPlainSpaces(_ line: StyledLine) -> StyledLine {
    var spans = line.spans
    while let last = spans.last, last.style.isPlain {
      let trimmed = String(last.text.reversed().drop { $0 == " " }.reversed())
      if trimmed.isEmpty {
        spans.removeLast()
      } else {
        spans[spans.count - 1] = Span(trimmed, style: last.style)
        break
      }
    }
    return StyledLine(spans)
  }
}
