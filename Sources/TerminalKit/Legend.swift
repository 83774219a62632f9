/// The colour scale of a palette over a range: a strip of colours with the low end,
/// the middle (0 for a diverging palette) and the high end labelled beneath.
public struct Legend: Sendable {
  /// The palette shown.
  public var palette: Palette
  /// The data range; a diverging palette shows it symmetrised about 0.
  public var range: ClosedRange<Float>
  /// Digits after the decimal point in the labels.
  public var decimals: Int
  /// A dim title drawn above the strip, e.g. `colour scale`.
  public var title: String?
  /// The preferred strip width in columns (narrowed to fit the width).
  public var stripWidth: Int

  /// Creates a legend.
  public init(
    palette: Palette, range: ClosedRange<Float>, decimals: Int = 2, title: String? = nil,
    stripWidth: Int = 24
  ) {
    self.palette = palette
    self.range = range
    self.decimals = max(0, min(9, decimals))
    self.title = title
    self.stripWidth = stripWidth
  }

  /// The low, middle and high labels.
  public var labels: (low: String, middle: String, high: String) {
    let used = palette.effectiveRange(for: range)
    let middle =
      palette.kind == .diverging
      ? Float(0) : used.lowerBound + (used.upperBound - used.lowerBound) / 2
    return (
      NumberText.fixed(used.lowerBound, decimals: decimals),
      NumberText.fixed(middle, decimals: decimals),
      NumberText.fixed(used.upperBound, decimals: decimals)
    )
  }

  /// The legend laid out at `width` columns.
  public func render(width: Int) -> [StyledLine] {
    let width = max(1, width)
    let (low, middle, high) = labels
    let lowWidth = DisplayWidth.of(low)
    let middleWidth = DisplayWidth.of(middle)
    let highWidth = DisplayWidth.of(high)
    let needed = lowWidth + middleWidth + highWidth + 2
    let strip = min(width, max(stripWidth, needed))
    var lines: [StyledLine] = []
    if let title, !title.isEmpty {
      lines += TextWrapper.wrap([Span(title, style: .dim)], width: width)
    }
    var stripLine = StyledLine()
    for cell in 0..<strip {
      let t = strip > 1 ? Double(cell) / Double(strip - 1) : 0.5
      stripLine.append("█", style: Style(foreground: Color(palette.color(atPosition: t))))
    }
    lines.append(stripLine)
    var labelLine = StyledLine(low)
    if strip >= needed {
      let middleStart = max(lowWidth + 1, (strip - middleWidth) / 2)
      labelLine.appendSpaces(middleStart - lowWidth)
      labelLine.append(middle)
      labelLine.appendSpaces(strip - highWidth - labelLine.width)
      labelLine.append(high)
    } else {
      labelLine.append(" " + high)
    }
    lines.append(labelLine)
    return lines.map { $0.cropped(to: width) }
  }
}
