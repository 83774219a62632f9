/// Horizontal bars for values in 0...1 (probabilities), one labelled bar per line with
/// the value printed after it: `prosperity ████████████▍ 0.87`.
public struct BarChart: Sendable {
  /// One label per bar.
  public var labels: [String]
  /// One value per bar; bars are clamped to 0...1, the printed value never is.
  public var values: [Float]
  /// The bars' style.
  public var barStyle: Style
  /// The index of a bar to draw in bold (e.g. the sampled token), if any.
  public var highlighted: Int?
  /// Digits after the decimal point in the printed values.
  public var decimals: Int
  /// The longest bar in columns (narrowed to fit the width).
  public var maxBarWidth: Int
  /// A bold title drawn above the bars.
  public var title: String?

  /// Creates a chart, checking that there is one label per value.
  public init(
    labels: [String], values: [Float], barStyle: Style = BarChart.defaultBarStyle,
    highlighted: Int? = nil, decimals: Int = 2, maxBarWidth: Int = 40, title: String? = nil
  ) throws(BarChartError) {
    guard labels.count == values.count else {
      throw BarChartError(labelCount: labels.count, valueCount: values.count)
    }
    self.labels = labels
    self.values = values
    self.barStyle = barStyle
    self.highlighted = highlighted
    self.decimals = max(0, min(9, decimals))
    self.maxBarWidth = max(1, maxBarWidth)
    self.title = title
  }

  /// Teal bars, the middle of viridis.
  public static let defaultBarStyle = Style(foreground: .rgb(0x21, 0x91, 0x8C))

  /// The eighth-block glyphs for partial cells, one to seven eighths.
  static let eighths: [Character] = ["▏", "▎", "▍", "▌", "▋", "▊", "▉"]

  /// The bar for `value` in a field of `width` columns, without padding.
  public static func bar(for value: Float, width: Int) -> String {
    guard value.isFinite || value == .infinity, width > 0 else { return "" }
    let fraction = Double(min(1, max(0, value)))
    let eighthCount = Int((fraction * Double(width * 8)).rounded())
    var bar = String(repeating: "█", count: eighthCount / 8)
    if eighthCount % 8 > 0 { bar.append(eighths[eighthCount % 8 - 1]) }
    return bar
  }

  /// The chart laid out at `width` columns.
  public func render(width: Int) -> [StyledLine] {
    let width = max(1, width)
    var lines: [StyledLine] = []
    if let title, !title.isEmpty {
      lines += TextWrapper.wrap([Span(title, style: .bold)], width: width)
    }
    let texts = values.map { NumberText.fixed($0, decimals: decimals) }
    let valueWidth = texts.map(DisplayWidth.of).max() ?? 0
    let widestLabel = labels.map(DisplayWidth.of).max() ?? 0
    let labelWidth = min(widestLabel, max(4, width / 3))
    let barWidth = max(1, min(maxBarWidth, width - labelWidth - valueWidth - 2))
    for index in values.indices {
      let emphasis = index == highlighted
      var line = Heatmap.label(labels[index], width: labelWidth)
      if emphasis { line = StyledLine(line.spans.map { Span($0.text, style: .bold) }) }
      line.append(" ")
      let bar = BarChart.bar(for: values[index], width: barWidth)
      var style = barStyle
      style.bold = style.bold || emphasis
      line.append(bar, style: style)
      line.appendSpaces(barWidth - DisplayWidth.of(bar) + 1)
      let padded = String(repeating: " ", count: valueWidth - DisplayWidth.of(texts[index]))
      line.append(padded + texts[index], style: emphasis ? .bold : .plain)
      lines.append(line.cropped(to: width))
    }
    return lines
  }
}

/// A bar chart with a different number of labels and values.
public struct BarChartError: Error, Equatable, CustomStringConvertible {
  /// The number of labels given.
  public let labelCount: Int
  /// The number of values given.
  public let valueCount: Int

  /// A one-line explanation.
  public var description: String {
    "bar chart has \(labelCount) labels but \(valueCount) values"
  }
}
