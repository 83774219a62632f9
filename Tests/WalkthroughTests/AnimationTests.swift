import TerminalKit
import Testing
import TinyGPT
import TraceKit

@testable import Walkthrough

/// The animation of a product: frame `k` shows the first `k` cells of the result, with the row
/// and column they come from highlighted.
@Suite struct AnimationTests {
  /// The lines of the heatmap titled `title` (title line excluded) in `lines`.
  static func heatmap(_ title: String, in lines: [StyledLine]) -> ArraySlice<StyledLine> {
    guard let start = lines.firstIndex(where: { $0.plainText == title }) else { return [] }
    let rest = lines[(start + 1)...]
    let end = rest.firstIndex { $0.plainText.isEmpty || $0.plainText.hasPrefix("colour") }
    return rest[..<(end ?? rest.endIndex)]
  }

  static let highlight = Style(bold: true, reverse: true)

  @Test func scoresFillInCellByCellWithTheirRowAndColumnHighlighted() throws {
    let walkthrough = try Fixtures.walkthrough(Fixtures.defaultTrace)
    let page = try #require(walkthrough.pages.firstIndex { $0.view == .scores })
    let position = WalkthroughPosition(page: page)
    let tokens = Fixtures.defaultTrace.passes[0].tokens.map(\.text)
    #expect(walkthrough.animatedCellCount(page: page) == tokens.count * tokens.count)
    // At 60 columns the equation stacks, so each heatmap's title is a line of its own.
    // Frame 6 of 16: row 0 complete, row 1 has two cells; the cell being computed is (1, 1).
    let frame = walkthrough.document(page: page, at: position, revealed: 6).render(width: 60)
    let scores = Self.heatmap("scores (head 0)", in: frame)
    let rows = scores.dropFirst().map { $0.plainText.split(separator: " ").map(String.init) }
    try #require(rows.count == tokens.count, "\(frame.map(\.plainText).joined(separator: "\n"))")
    #expect(rows[0].count == 1 + tokens.count, "row 0: its label and every value")
    #expect(rows[1].count == 1 + 2, "row 1: its label and two values")
    #expect(rows[2].count == 1 && rows[3].count == 1, "later rows: their labels only")
    let current = scores.dropFirst().dropFirst().first?.spans.last {
      !$0.text.allSatisfy(\.isWhitespace)
    }
    #expect(current?.style == Self.highlight, "the cell being computed is highlighted")
    // The operands: row 1 of Q_0 and column 1 of K_0ᵀ.
    let q = Self.heatmap("Q_0", in: frame).prefix(1 + tokens.count)
    #expect(
      q.dropFirst().map { $0.spans.first?.style == Self.highlight } == [false, true, false, false])
    let kHeader = Self.heatmap("K_0ᵀ", in: frame).first
    #expect(
      kHeader?.spans.filter { $0.style == Self.highlight }.map(\.text).joined().contains(tokens[1])
        == true)
    // The full page (no frame) shows every value and no highlight.
    let full = walkthrough.document(page: page, at: position).render(width: 60)
    #expect(
      Self.heatmap("scores (head 0)", in: full).dropFirst().allSatisfy {
        $0.plainText.split(separator: " ").count == 1 + tokens.count
      })
    #expect(!full.contains { $0.spans.contains { $0.style == Self.highlight } })
  }

  @Test func theViewerStepsThroughAtMost48FramesOfAProduct() throws {
    let walkthrough = try Fixtures.walkthrough(Fixtures.defaultTrace)
    let mlp = try #require(walkthrough.pages.firstIndex { $0.view == .mlp })
    let viewer = WalkthroughViewer(
      walkthrough: walkthrough, position: WalkthroughPosition(page: mlp))
    let steps = viewer.animationSteps()
    let cells = walkthrough.animatedCellCount(page: mlp)
    #expect(cells == 4 * 64)
    #expect(!steps.isEmpty && steps.count <= 48)
    #expect(steps == steps.sorted() && steps.allSatisfy { $0 > 0 && $0 < cells })
    let tokens = try #require(walkthrough.pages.firstIndex { $0.view == .tokens })
    #expect(
      WalkthroughViewer(walkthrough: walkthrough, position: WalkthroughPosition(page: tokens))
        .animationSteps().isEmpty)
  }
}
