/// A labelled grid of numbers drawn as coloured cells with the values printed in them.
///
/// Masked cells (a `true` in `mask`, or a value of negative infinity, as in a causal
/// attention score) show `maskGlyph` instead of a number. Grids too wide for the width
/// or taller than `maxRows` show their first and last columns and rows with an ellipsis
/// between and a one-line note of what was left out.
public struct Heatmap: Sendable {
  /// A title drawn in bold above the grid.
  public var title: String?
  /// A dim caption drawn under the title.
  public var caption: String?
  /// One label per row, drawn left of the grid.
  public var rowLabels: [String]
  /// One label per column, drawn above the grid.
  public var columnLabels: [String]
  /// The values, `values[row][column]`.
  public var values: [[Float]]
  /// Cells to draw as masked, `mask[row][column]`; `nil` masks only negative infinity.
  public var mask: [[Bool]]?
  /// The colour scale.
  public var palette: Palette
  /// The data range for colouring; `nil` means the range of the unmasked finite values
  /// (symmetrised for a diverging palette, and 0...1 for sequential values inside 0...1).
  public var range: ClosedRange<Float>?
  /// Digits after the decimal point; `nil` chooses 2, dropping to 1 or 0 when that lets
  /// more columns fit the width.
  public var decimals: Int?
  /// The most data rows to show before eliding middle rows (at least 2).
  public var maxRows: Int
  /// What masked cells show.
  public var maskGlyph: String
  /// Rows whose label is drawn highlighted (reverse video), e.g. the row being multiplied.
  public var highlightedRows: Set<Int> = []
  /// Columns whose label is drawn highlighted (reverse video).
  public var highlightedColumns: Set<Int> = []
  /// When set, only the first `revealedCells` cells in row-major order show their value; the
  /// rest are blank and the last revealed one is highlighted (for animating a product).
  public var revealedCells: Int?
  /// A cell drawn highlighted and marked `>` just before its number (the inspector's cursor),
  /// `(row, column)`.
  public var highlightedCell: (row: Int, column: Int)?
  /// Whether highlighted rows and columns also get a mark readable without any style: `→`
  /// before a row label, `↓` in the leading space of a column label.
  public var marksHighlights = false
  /// Rows and columns that must be shown: when one falls in an elided region, the shown
  /// window moves so that it scrolls into view.
  public var focusedRows: Set<Int> = []
  public var focusedColumns: Set<Int> = []

  /// Creates a heatmap, checking that labels, values and mask agree in shape.
  ///
  /// Missing labels default to the row and column indices (`0`, `1`, ...).
  public init(
    values: [[Float]], rowLabels: [String]? = nil, columnLabels: [String]? = nil,
    mask: [[Bool]]? = nil, palette: Palette = .blueOrange, range: ClosedRange<Float>? = nil,
    title: String? = nil, caption: String? = nil, decimals: Int? = nil, maxRows: Int = 16,
    maskGlyph: String = "·"
  ) throws(HeatmapError) {
    let rowCount = values.count
    let columnCount = values.first?.count ?? columnLabels?.count ?? 0
    for (index, row) in values.enumerated() where row.count != columnCount {
      throw .raggedRows(row: index, count: row.count, expected: columnCount)
    }
    let rowLabels = rowLabels ?? (0..<rowCount).map { String($0) }
    let columnLabels = columnLabels ?? (0..<columnCount).map { String($0) }
    guard rowLabels.count == rowCount else {
      throw .labelCount(axis: "row", count: rowLabels.count, expected: rowCount)
    }
    guard columnLabels.count == columnCount else {
      throw .labelCount(axis: "column", count: columnLabels.count, expected: columnCount)
    }
    if let mask {
      let shapeMatches =
        mask.count == rowCount && mask.allSatisfy { $0.count == columnCount }
      guard shapeMatches else { throw .maskShape(rows: rowCount, columns: columnCount) }
    }
    if let decimals, !(0...9).contains(decimals) { throw .decimals(decimals) }
    if let range, !(range.lowerBound.isFinite && range.upperBound.isFinite) {
      throw .range
    }
    self.values = values
    self.rowLabels = rowLabels
    self.columnLabels = columnLabels
    self.mask = mask
    self.palette = palette
    self.range = range
    self.title = title
    self.caption = caption
    self.decimals = decimals
    self.maxRows = max(2, maxRows)
    self.maskGlyph = maskGlyph
  }

  /// The number of rows.
  public var rowCount: Int { values.count }
  /// The number of columns.
  public var columnCount: Int { columnLabels.count }

  /// Whether the cell at `row`, `column` is masked.
  public func isMasked(row: Int, column: Int) -> Bool {
    if let mask, mask[row][column] { return true }
    return values[row][column] == -.infinity
  }

  /// The range used for colouring: `range` if given, otherwise derived from the data.
  public var colorRange: ClosedRange<Float> {
    if let range { return palette.effectiveRange(for: range) }
    var low = Float.infinity
    var high = -Float.infinity
    for row in 0..<rowCount {
      for column in 0..<columnCount where !isMasked(row: row, column: column) {
        let value = values[row][column]
        guard value.isFinite else { continue }
        low = min(low, value)
        high = max(high, value)
      }
    }
    guard low <= high else { return palette.kind == .diverging ? -1...1 : 0...1 }
    switch palette.kind {
    case .diverging:
      let bound = max(abs(low), abs(high))
      return bound > 0 ? -bound...bound : -1...1
    case .sequential:
      if low >= 0 && high <= 1 { return 0...1 }
      return low < high ? low...high : (low - 1)...(high + 1)
    }
  }

  /// The legend for this heatmap's palette and colour range.
  public var legend: Legend {
    Legend(palette: palette, range: colorRange, decimals: decimals ?? 2)
  }
}

/// A heatmap whose parts disagree in shape, or with an invalid option.
public enum HeatmapError: Error, Equatable, CustomStringConvertible {
  /// A row has a different number of values from the first row.
  case raggedRows(row: Int, count: Int, expected: Int)
  /// The number of row or column labels differs from the grid.
  case labelCount(axis: String, count: Int, expected: Int)
  /// The mask is not the same shape as the values.
  case maskShape(rows: Int, columns: Int)
  /// The decimals are outside 0...9.
  case decimals(Int)
  /// The colour range has an infinite or NaN bound.
  case range

  /// A one-line explanation.
  public var description: String {
    switch self {
    case .raggedRows(let row, let count, let expected):
      return "heatmap row \(row) has \(count) values, expected \(expected)"
    case .labelCount(let axis, let count, let expected):
      return "heatmap has \(count) \(axis) labels, expected \(expected)"
    case .maskShape(let rows, let columns):
      return "heatmap mask must be \(rows)x\(columns), the shape of the values"
    case .decimals(let decimals):
      return "heatmap decimals must be 0...9, got \(decimals)"
    case .range:
      return "heatmap colour range must have finite bounds"
    }
  }
}
