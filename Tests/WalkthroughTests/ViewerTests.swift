import TerminalKit
import Testing
import TraceKit
import Walkthrough

/// The interactive viewer as a state machine: keys move the position, frames fill the screen.
@Suite struct ViewerTests {
  static func viewer(lab: Bool = false) throws -> WalkthroughViewer {
    WalkthroughViewer(
      walkthrough: try Fixtures.walkthrough(Fixtures.defaultTrace), labAvailable: lab)
  }

  /// Feeds `keys` one by one and returns the last action.
  @discardableResult
  static func press(_ keys: [Key], _ viewer: inout WalkthroughViewer) -> WalkthroughViewer.Action {
    var action = WalkthroughViewer.Action.nothing
    for key in keys { action = viewer.handle(key) }
    return action
  }

  @Test func nextPreviousFirstLast() throws {
    var v = try Self.viewer()
    let last = v.walkthrough.pages.count - 1
    #expect(v.position.page == 0)
    #expect(v.handle(.left) == .nothing, "no page before the first")
    #expect(v.handle(.right) == .pageChanged)
    #expect(v.position.page == 1)
    for key in [Key.character(" "), .character("n"), .character("l")] { _ = v.handle(key) }
    #expect(v.position.page == 4)
    for key in [Key.left, .character("h"), .backspace] { _ = v.handle(key) }
    #expect(v.position.page == 1)
    #expect(v.handle(.character("G")) == .pageChanged)
    #expect(v.position.page == last)
    #expect(v.handle(.right) == .nothing, "no page after the last")
    #expect(v.handle(.home) == .pageChanged)
    #expect(v.position.page == 0)
    _ = v.handle(.end)
    #expect(v.position.page == last)
  }

  @Test func digitsThenEnterJump() throws {
    var v = try Self.viewer()
    #expect(Self.press([.character("1"), .character("2")], &v) == .redraw)
    #expect(v.typedNumber == "12")
    #expect(v.frame(width: 100, height: 10).last?.plainText.contains("go to 12_") == true)
    #expect(v.handle(.enter) == .pageChanged)
    #expect(v.position.page == 11)
    #expect(v.typedNumber == "")
    Self.press([.character("9"), .character("9"), .enter], &v)
    #expect(v.position.page == v.walkthrough.pages.count - 1, "past the end goes to the last page")
    Self.press([.character("0"), .enter], &v)
    #expect(v.position.page == 0, "page 0 goes to the first page")
    Self.press([.character("5"), .character("x"), .enter], &v)
    #expect(v.position.page == 0, "another key cancels the typed number")
    #expect(v.typedNumber == "")
  }

  @Test func enterOnTheCurrentPageClearsTheNumber() throws {
    var v = try Self.viewer()
    Self.press([.character("1")], &v)
    #expect(v.frame(width: 100, height: 5).last?.plainText.contains("go to 1_") == true)
    #expect(v.handle(.enter) == .redraw, "the status line must be redrawn without the number")
    #expect(v.position.page == 0)
    #expect(v.frame(width: 100, height: 5).last?.plainText.contains("go to") == false)
  }

  @Test func escapeCancelsTheNumberInsteadOfQuitting() throws {
    var v = try Self.viewer()
    Self.press([.character("3")], &v)
    #expect(v.handle(.escape) == .redraw)
    #expect(v.typedNumber == "")
    #expect(v.position.page == 0)
    #expect(v.handle(.enter) == .nothing, "the number is gone")
    #expect(v.handle(.escape) == .quit, "without a number Esc quits")
  }

  @Test func headsAndLayersWrap() throws {
    var v = try Self.viewer()
    let c = Fixtures.defaultTrace.config
    #expect(c.nHeads == 2 && c.nLayers == 2)
    #expect(v.handle(.character("]")) == .redraw)
    #expect(v.position.head == 1)
    _ = v.handle(.character("]"))
    #expect(v.position.head == 0, "] wraps after the last head")
    _ = v.handle(.character("["))
    #expect(v.position.head == 1, "[ wraps before the first head")
    _ = v.handle(.character("}"))
    #expect(v.position.layer == 1)
    _ = v.handle(.character("}"))
    #expect(v.position.layer == 0)
    _ = v.handle(.character("{"))
    #expect(v.position.layer == 1)
    #expect(v.position.page == 0, "heads and layers keep the page")
  }

  @Test func helpShowsAndAnyKeyCloses() throws {
    var v = try Self.viewer()
    #expect(v.handle(.character("?")) == .redraw)
    #expect(v.showingHelp)
    let help = v.frame(width: 60, height: 20).map(\.plainText)
    #expect(help.contains { $0.contains("12 Enter") && $0.contains("jump to a page") })
    #expect(v.handle(.right) == .redraw)
    #expect(!v.showingHelp)
    #expect(v.position.page == 0, "the key that closes help does nothing else")
    _ = v.handle(.character("?"))
    #expect(v.handle(.down) == .redraw)
    #expect(v.showingHelp && v.scroll == 1, "arrows scroll a help list taller than the screen")
    #expect(v.handle(.escape) == .redraw)
    #expect(!v.showingHelp && v.scroll == 0, "Esc closes help; the page keeps its scroll")
    _ = v.handle(.character("?"))
    #expect(v.handle(.character("q")) == .quit, "q quits from the help screen too")
  }

  @Test(arguments: [Key.character("q"), .escape, .control("c"), .control("d")])
  func quitKeys(_ key: Key) throws {
    var v = try Self.viewer()
    _ = v.handle(.right)
    #expect(v.handle(key) == .quit)
  }

  @Test func unknownKeysDoNothing() throws {
    var v = try Self.viewer()
    #expect(v.handle(.character("z")) == .nothing)
    #expect(v.handle(.character("x")) == .nothing)
    #expect(v.position == WalkthroughPosition())
  }

  @Test func framesAreExactlyTheScreenSize() throws {
    var v = try Self.viewer()
    for (width, height) in [(40, 10), (80, 24), (100, 30), (160, 50), (20, 3), (12, 4), (1, 2)] {
      for _ in 0..<v.walkthrough.pages.count {
        let frame = v.frame(width: width, height: height)
        #expect(frame.count == height)
        #expect(frame.allSatisfy { $0.width <= width })
        #expect(frame.last?.width == width, "the status line fills the width")
        _ = v.handle(.right)
      }
      _ = v.handle(.home)
    }
  }

  @Test func statusLineShowsPageLayerAndHead() throws {
    var v = try Self.viewer()
    let pages = v.walkthrough.pages.count
    let pattern = try #require(v.walkthrough.pages.firstIndex { $0.view == .pattern })
    Self.press(Array(String(pattern + 1)).map { Key.character($0) } + [.enter], &v)
    Self.press([.character("]"), .character("}")], &v)
    let status = try #require(v.frame(width: 120, height: 10).last?.plainText)
    // Counted as the pages count: from 0, "of" the number there are (blocks.1 of 2 layers).
    #expect(status.hasPrefix(" page \(pattern + 1)/\(pages) · layer 1 of 2 · head 1 of 2"))
    #expect(status.contains("? help"))
    let title = v.pageLines(width: 120).map(\.plainText).joined(separator: "\n")
    #expect(title.contains("layer 1") && title.contains("head 1"), "the page names the same index")
  }

  @Test func statusLineShowsLayerAndHeadOnlyWhereThePageDependsOnThem() throws {
    var v = try Self.viewer()
    for page in v.walkthrough.pages.indices {
      let view = v.walkthrough.pages[page].view
      let status = try #require(v.frame(width: 200, height: 5).last?.plainText)
      #expect(status.contains("layer ") == view.dependsOnLayer, "page \(page + 1) (\(view))")
      #expect(status.contains("head ") == view.dependsOnHead, "page \(page + 1) (\(view))")
      _ = v.handle(.right)
    }
    let views = v.walkthrough.pages.map(\.view)
    #expect(views.contains { !$0.dependsOnLayer } && views.contains { $0.dependsOnHead })
  }

  @Test func statusLineNeverExceedsTheWidth() throws {
    let v = try Self.viewer(lab: true)
    let states: [[Key]] = [
      [], [.character("1"), .character("2")], [.character("e")],
      [.character("/"), .character("x")],
      [.character("?")], [.character("g")],
    ]
    // The pattern page's status line is the longest (page, layer and head); the others are
    // checked on it and on the first page.
    let pattern = try #require(v.walkthrough.pages.firstIndex { $0.view == .pattern })
    for keys in states {
      for page in keys.isEmpty ? [0, pattern] : [pattern] {
        var at = v
        Self.press(Array(String(page + 1)).map { Key.character($0) } + [.enter] + keys, &at)
        for width in 10...200 {
          let status = try #require(at.frame(width: width, height: 6).last)
          #expect(status.width == width, "width \(width) after \(keys): \(status.plainText)")
        }
      }
    }
  }

  @Test func tallPagesScroll() throws {
    var v = try Self.viewer()
    let page = try #require(v.walkthrough.pages.firstIndex { $0.view == .mlp })
    Self.press(Array(String(page + 1)).map { Key.character($0) } + [.enter], &v)
    let (width, height) = (60, 12)
    let lines = v.pageLines(width: width).map(\.plainText)
    #expect(lines.count > height + 11, "the MLP page at 60 columns is taller than 23 rows")
    let first = v.frame(width: width, height: height).map(\.plainText)
    #expect(Array(first.prefix(height - 1)) == Array(lines.prefix(height - 1)))
    #expect(first.last?.contains("↓") == true)
    #expect(v.handle(.down) == .redraw)
    #expect(v.frame(width: width, height: height).first?.plainText == lines[1])
    Self.press([.pageDown], &v)
    #expect(v.scroll == 11)
    #expect(
      v.frame(width: width, height: height).first?.plainText
        == lines[min(11, lines.count - height + 1)])
    Self.press([.up, .pageUp, .pageUp], &v)
    #expect(v.scroll == 0)
    Self.press([.character("j")], &v)
    _ = v.handle(.right)
    #expect(v.scroll == 0, "a new page starts at the top")
  }

  @Test func scrollingPastTheEndShowsTheLastLines() throws {
    var v = try Self.viewer()
    let (width, height) = (60, 8)
    let lines = v.pageLines(width: width).map(\.plainText)
    Self.press(Array(repeating: .pageDown, count: 20), &v)
    let frame = v.frame(width: width, height: height).map(\.plainText)
    #expect(Array(frame.prefix(height - 1)) == Array(lines.suffix(height - 1)))
    #expect(frame.last?.contains("↑") == true)
  }

  @Test func advanceStopsAtTheLastPage() throws {
    var v = try Self.viewer()
    var moves = 0
    while v.advance() { moves += 1 }
    #expect(moves == v.walkthrough.pages.count - 1)
    #expect(v.position.page == v.walkthrough.pages.count - 1)
  }

  @Test func startPositionIsClamped() throws {
    let w = try Fixtures.walkthrough(Fixtures.defaultTrace)
    let v = WalkthroughViewer(
      walkthrough: w, position: WalkthroughPosition(page: 99, layer: 9, head: -3))
    #expect(v.position == WalkthroughPosition(page: w.pages.count - 1, layer: 1, head: 0))
  }
}
