import Foundation
import Testing

@testable import TerminalKit

@Suite struct HeatmapTests {
  @Test func wideGridShowsFirstAndLastColumnsWithAnEllipsis() throws {
    let heatmap = try Heatmap(values: Fixtures.grid(rows: 3, columns: 64))
    let window = heatmap.window(width: 80)
    // Labels take 1 column; cells are " -2.00" = 6 columns; the ellipsis column takes 2:
    // (80 - 1 - 2) / 6 = 12 columns fit, 6 first and 6 last.
    let expected: [Int?] = Array(0..<6) + [nil] + Array(58..<64)
    #expect(window.columns == expected)
    #expect(window.rows == [0, 1, 2])
    #expect(window.note == "showing columns 0-5 and 58-63 of 64")
    let lines = heatmap.render(width: 80).map(\.plainText)
    #expect(
      lines[0] == "      0     1     2     3     4     5 …    58    59    60    61    62    63")
    #expect(lines[1].contains(" … "))
    #expect(lines.last == "showing columns 0-5 and 58-63 of 64")
  }

  @Test func tallGridShowsFirstAndLastRowsWithAnEllipsisRow() throws {
    let heatmap = try Heatmap(values: Fixtures.grid(rows: 12, columns: 3), maxRows: 9)
    let window = heatmap.window(width: 80)
    let expected: [Int?] = Array(0..<5) + [nil] + Array(8..<12)
    #expect(window.rows == expected)
    #expect(window.columns == [0, 1, 2])
    #expect(window.note == "showing rows 0-4 and 8-11 of 12")
    let lines = heatmap.render(width: 80).map(\.plainText)
    // header, 5 rows, ellipsis row, 4 rows, note
    #expect(lines.count == 12)
    #expect(lines[6].hasPrefix("⋮"))
    #expect(lines[6].filter { $0 == "⋮" }.count == 4)
    #expect(lines[7].hasPrefix("8 "))
  }

  @Test func wideAndTallNoteNamesBoth() throws {
    let heatmap = try Heatmap(values: Fixtures.grid(rows: 12, columns: 64), maxRows: 8)
    #expect(
      heatmap.window(width: 40).note
        == "showing columns 0-2 and 61-63 of 64; rows 0-3 and 8-11 of 12")
  }

  @Test func gridThatFitsHasNoNote() throws {
    let heatmap = try Heatmap(values: Fixtures.grid(rows: 4, columns: 4))
    #expect(heatmap.window(width: 40).note == nil)
    #expect(heatmap.render(width: 40).count == 5)
  }

  @Test func cellsShowTheTrueValuesAndMaskedCellsTheGlyph() throws {
    let heatmap = try Fixtures.attentionScores()
    let lines = heatmap.render(width: 80).map(\.plainText)
    let values: [[Float]] = [
      [0.91, -.infinity, -.infinity, -.infinity],
      [-0.42, 1.37, -.infinity, -.infinity],
      [0.05, -1.12, 0.66, -.infinity],
      [1.80, 0.33, -0.27, -0.98],
    ]
    for (row, rowValues) in values.enumerated() {
      let cells = lines[row + 2].split(separator: " ").dropFirst().map(String.init)
      let expected = rowValues.map { $0 == -.infinity ? "·" : String(format: "%.2f", $0) }
      #expect(cells == expected, "row \(row)")
    }
  }

  @Test func explicitMaskHidesFiniteValues() throws {
    let heatmap = try Heatmap(
      values: [[1, 2]], mask: [[false, true]], maskGlyph: "×")
    #expect(heatmap.render(width: 40).map(\.plainText)[1] == "0 1.00    ×")
  }

  @Test func decimalsDropWhenTooFewColumnsWouldFit() throws {
    let heatmap = try Heatmap(values: Fixtures.grid(rows: 2, columns: 8))
    #expect(heatmap.window(width: 80).decimals == 2)
    // Width 24 leaves 23 columns beside the labels, 21 beside the ellipsis column:
    // 3 cells of " -2.00" fit, too few, so 1 decimal (" -2.0") gives 4.
    let narrow = heatmap.window(width: 24)
    #expect(narrow.decimals == 1)
    #expect(narrow.columns.compactMap { $0 }.count == 4)
    // At width 20, 1 decimal fits only 3, so whole numbers (" -2") give 5.
    let narrower = heatmap.window(width: 20)
    #expect(narrower.decimals == 0)
    #expect(narrower.columns == [0, 1, 2, nil, 6, 7])
    let fixed = try Heatmap(values: Fixtures.grid(rows: 2, columns: 8), decimals: 3)
    #expect(fixed.window(width: 20).decimals == 3)
  }

  @Test func cellsAreColouredByPaletteWithContrastingText() throws {
    let heatmap = try Heatmap(values: [[-2, 0, 1]], palette: .blueOrange)
    let spans = heatmap.render(width: 40)[1].spans
    let cells = spans.filter { $0.style.background != .default }
    #expect(cells.count == 3)
    #expect(cells[0].style.background == Color(Palette.blueOrange.anchors[0]))
    #expect(cells[0].style.foreground == .rgb(255, 255, 255))
    #expect(cells[1].style.background == Color(Palette.blueOrange.anchors[3]))
    #expect(cells[1].style.foreground == .rgb(0, 0, 0))
  }

  @Test func automaticRangeIsSymmetricForDivergingAndUnitForProbabilities() throws {
    #expect(try Heatmap(values: [[-0.5, 2]]).colorRange == -2...2)
    #expect(try Heatmap(values: [[0.1, 0.7]], palette: .viridis).colorRange == 0...1)
    #expect(try Heatmap(values: [[3, 7]], palette: .viridis).colorRange == 3...7)
    let masked = try Heatmap(values: [[-.infinity, 0.5]])
    #expect(masked.colorRange == -0.5...0.5)
  }

  @Test func badShapesGiveReadableErrors() {
    #expect(throws: HeatmapError.raggedRows(row: 1, count: 1, expected: 2)) {
      try Heatmap(values: [[1, 2], [3]])
    }
    #expect(throws: HeatmapError.labelCount(axis: "row", count: 1, expected: 2)) {
      try Heatmap(values: [[1], [2]], rowLabels: ["a"])
    }
    #expect(throws: HeatmapError.maskShape(rows: 1, columns: 2)) {
      try Heatmap(values: [[1, 2]], mask: [[true]])
    }
    #expect(
      HeatmapError.raggedRows(row: 1, count: 1, expected: 2).description
        == "heatmap row 1 has 1 values, expected 2")
  }

  @Test func emptyHeatmapRendersWithoutCrashing() throws {
    let heatmap = try Heatmap(values: [])
    #expect(heatmap.render(width: 20).allSatisfy { $0.width <= 20 })
  }

  @Test func legendLabelsEndsAndMiddle() {
    let legend = Legend(palette: .blueOrange, range: -0.5...2)
    #expect(legend.labels.low == "-2.00")
    #expect(legend.labels.middle == "0.00")
    #expect(legend.labels.high == "2.00")
    // Seven steps of 5 columns, one apart: 7 * 6 - 1 = 41 columns; at 40 only five fit.
    let lines = legend.render(width: 41)
    #expect(lines[0].width == 41)
    #expect(lines[1].plainText == "-2.00 -1.33 -0.67  0.00  0.67  1.33  2.00")
    let first = lines[0].spans.first?.style.foreground
    #expect(first == Color(Palette.blueOrange.anchors[0]))
    let narrow = legend.render(width: 40)
    #expect(narrow[1].plainText == "-2.00 -1.00  0.00  1.00  2.00")
    #expect(legend.render(width: 17)[1].plainText == "-2.00  0.00  2.00")
    #expect(legend.render(width: 16)[1].plainText == "-2.00  2.00")
    let sequential = Legend(palette: .viridis, range: 0...1).labels
    #expect(sequential.middle == "0.50")
  }
}
