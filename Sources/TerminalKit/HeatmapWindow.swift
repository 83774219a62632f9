/// Which rows and columns of a heatmap are shown at a width, and how numbers are printed.
public struct HeatmapWindow: Equatable, Sendable {
  /// Shown row indices in order; `nil` marks the ellipsis row.
  public var rows: [Int?]
  /// Shown column indices in order; `nil` marks the ellipsis column.
  public var columns: [Int?]
  /// Digits after the decimal point.
  public var decimals: Int
  /// Columns of the row-label gutter.
  public var labelWidth: Int
  /// Columns of every cell, including its one leading space.
  public var cellWidth: Int
  /// What was left out, e.g. `showing columns 0-3 and 60-63 of 64; rows 0-4 and 9-11 of 12`,
  /// or `nil` when everything is shown.
  public var note: String?

  /// The indices kept when `count` items are cut to `head` first and `tail` last ones,
  /// with `nil` for the ellipsis between.
  static func elide(count: Int, head: Int, tail: Int) -> [Int?] {
    guard head + tail < count else { return Array(0..<count) }
    let first: [Int?] = Array(0..<head)
    let last: [Int?] = Array((count - tail)..<count)
    return first + [nil] + last
  }

  /// The indices shown of `count` items when `fitting` of them fit: all of them, the first and
  /// last ones, or, when an index of `focus` would be left out, a run around the focused indices
  /// with an ellipsis on either side that is cut (`fitting` counts one item per ellipsis).
  static func elide(count: Int, fitting: Int, focus: Set<Int>) -> [Int?] {
    guard fitting < count else { return Array(0..<count) }
    let plain = elide(count: count, head: (fitting + 1) / 2, tail: fitting / 2)
    let wanted = focus.filter { (0..<count).contains($0) }
    guard let low = wanted.min(), let high = wanted.max(),
      !wanted.allSatisfy({ plain.contains($0) })
    else { return plain }
    let run = max(1, fitting - 1)
    // The run covers every focused index when it can, otherwise the lowest (the cursor first).
    var start = high - low < run ? low - (run - (high - low + 1)) / 2 : low
    start = min(max(0, start), count - run)
    var end = start + run
    // Against either end only one ellipsis is drawn, which leaves room for one more item.
    if start <= 1 {
      (start, end) = (0, max(1, fitting))
    } else if end >= count - 1, low >= count - fitting {
      (start, end) = (count - fitting, count)
    }
    return (start > 0 ? [nil] : []) + Array(start..<end).map { Optional($0) }
      + (end < count ? [nil] : [])
  }

  /// `0-3 and 60-63 of 64` for the indices kept from `count` items.
  static func describe(_ kept: [Int?], count: Int) -> String {
    var groups: [[Int]] = [[]]
    for index in kept {
      if let index { groups[groups.count - 1].append(index) } else { groups.append([]) }
    }
    let parts = groups.filter { !$0.isEmpty }.map { group -> String in
      guard let first = group.first, let last = group.last else { return "" }
      return first == last ? "\(first)" : "\(first)-\(last)"
    }
    return parts.joined(separator: " and ") + " of \(count)"
  }
}

extension Heatmap {
  /// The number printed for a value, or `nil` if the cell is masked.
  func cellText(row: Int, column: Int, decimals: Int) -> String? {
    if isMasked(row: row, column: column) { return nil }
    return NumberText.fixed(values[row][column], decimals: decimals)
  }

  /// The rows, columns and number format shown at `width` columns.
  public func window(width: Int) -> HeatmapWindow {
    let width = max(1, width)
    let rows = HeatmapWindow.elide(count: rowCount, fitting: maxRows, focus: focusedRows)
    let labelTexts = rows.map { $0.map { rowLabels[$0] } ?? "⋮" }
    // A marked row label (`→` in front) is one column wider.
    let markedRows = marksHighlights ? rows.compactMap { $0 }.filter(highlightedRows.contains) : []
    let widestMarked = markedRows.map { DisplayWidth.of(rowLabels[$0]) + 1 }.max() ?? 0
    let widestLabel = max(labelTexts.map(DisplayWidth.of).max() ?? 0, widestMarked)
    let labelWidth = min(widestLabel, max(3, width / 4))
    let available = width - labelWidth
    let candidates = decimals.map { [$0] } ?? [2, 1, 0]
    var chosen = (decimals: candidates[0], cellWidth: 2, columns: [Int?]())
    for (attempt, digits) in candidates.enumerated() {
      var numberWidth = DisplayWidth.of(maskGlyph)
      for label in columnLabels { numberWidth = max(numberWidth, DisplayWidth.of(label)) }
      for row in rows.compactMap({ $0 }) {
        for column in 0..<columnCount {
          let text = cellText(row: row, column: column, decimals: digits) ?? ""
          numberWidth = max(numberWidth, DisplayWidth.of(text))
        }
      }
      let cellWidth = numberWidth + 1
      let columns: [Int?]
      if columnCount * cellWidth <= available {
        columns = Array(0..<columnCount)
      } else {
        let fitting = max(1, (available - 2) / cellWidth)
        columns = HeatmapWindow.elide(
          count: columnCount, fitting: fitting, focus: focusedColumns)
      }
      chosen = (digits, cellWidth, columns)
      let shownCount = columns.compactMap { $0 }.count
      let isLast = attempt == candidates.count - 1
      if isLast || shownCount == columnCount || shownCount >= min(columnCount, 4) { break }
    }
    var notes: [String] = []
    if chosen.columns.contains(nil) {
      notes.append("columns " + HeatmapWindow.describe(chosen.columns, count: columnCount))
    }
    if rows.contains(nil) {
      notes.append("rows " + HeatmapWindow.describe(rows, count: rowCount))
    }
    return HeatmapWindow(
      rows: rows, columns: chosen.columns, decimals: chosen.decimals, labelWidth: labelWidth,
      cellWidth: chosen.cellWidth,
      note: notes.isEmpty ? nil : "showing " + notes.joined(separator: "; "))
  }
}
