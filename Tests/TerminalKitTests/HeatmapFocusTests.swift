import Testing

@testable import TerminalKit

/// Focused rows and columns (the inspector's cursor and operands) scroll into view, and the
/// cursor and marked labels read without colour.
@Suite struct HeatmapFocusTests {
  @Test func aFocusedColumnInTheElidedMiddleScrollsIntoView() throws {
    var heatmap = try Heatmap(values: Fixtures.grid(rows: 3, columns: 64))
    heatmap.focusedColumns = [30]
    let window = heatmap.window(width: 80)
    // 12 columns fit with one ellipsis; with two ellipses 11: a run of 11 centred on 30.
    let expected: [Int?] = [nil] + Array(25..<36) + [nil]
    #expect(window.columns == expected)
    #expect(window.note == "showing columns 25-35 of 64")
    let width = heatmap.render(width: 80).map(\.width).max() ?? 0
    #expect(width <= 80)
  }

  @Test func aFocusedColumnAlreadyShownChangesNothing() throws {
    var heatmap = try Heatmap(values: Fixtures.grid(rows: 3, columns: 64))
    let plain = heatmap.window(width: 80)
    heatmap.focusedColumns = [2, 60]
    #expect(heatmap.window(width: 80) == plain)
  }

  @Test func aFocusedRunAtTheEndKeepsOneEllipsis() throws {
    var heatmap = try Heatmap(values: Fixtures.grid(rows: 3, columns: 64))
    heatmap.focusedColumns = [57]
    let columns = heatmap.window(width: 80).columns
    #expect(columns[0] == nil)
    #expect(columns.compactMap { $0 }.contains(57))
    #expect(
      columns[columns.count - 1] == 63, "a run reaching the last column needs no ellipsis after it")
  }

  @Test func aFocusedRowInTheElidedMiddleScrollsIntoView() throws {
    var heatmap = try Heatmap(values: Fixtures.grid(rows: 64, columns: 3), maxRows: 8)
    heatmap.focusedRows = [40]
    let rows = heatmap.window(width: 80).rows
    #expect(rows[0] == nil && rows[rows.count - 1] == nil)
    #expect(rows.compactMap { $0 }.contains(40))
    #expect(rows.count == 9, "as many lines as before: 8 rows and one ellipsis")
  }

  @Test func theCursorAndMarksReadWithoutColour() throws {
    var heatmap = try Heatmap(
      values: [[1, 2], [3, 4]], rowLabels: ["a", "b"], columnLabels: ["x", "y"])
    heatmap.highlightedCell = (1, 0)
    heatmap.highlightedRows = [0]
    heatmap.highlightedColumns = [1]
    heatmap.marksHighlights = true
    let lines = heatmap.render(width: 40).map(\.plainText)
    #expect(lines[0].hasSuffix("↓y"))
    #expect(lines[1].hasPrefix("→a"))
    #expect(lines[2].contains(">3.00"))
    let cursor = heatmap.render(width: 40)[2].spans.first { $0.text.contains(">") }
    #expect(cursor?.style == Style(bold: true, reverse: true))
  }
}
