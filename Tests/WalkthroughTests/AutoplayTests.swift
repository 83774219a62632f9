import TerminalKit
import Testing
import Walkthrough

/// `--autoplay`: long pages scroll through before the next page, space pauses and resumes, and
/// the status line says it is playing.
@Suite struct AutoplayTests {
  @Test func aTallPageScrollsThroughBeforeTheNextPage() throws {
    var v = try ViewerTests.viewer()
    v.autoplay = .init()
    let (width, height) = (40, 12)
    // Walk every page: each tick either scrolls the page or opens the next one.
    var seen: [(page: Int, scroll: Int)] = []
    while let action = v.autoplayStep(width: width, height: height) {
      v.fit(width: width, height: height)
      seen.append((v.position.page, v.scroll))
      #expect(action == .redraw || action == .pageChanged)
    }
    let last = v.walkthrough.pages.count - 1
    #expect(v.position.page == last)
    // Some page is taller than 11 lines at 40 columns, so some tick scrolled instead.
    #expect(seen.contains { $0.scroll > 0 })
    // Every page came in order, none skipped.
    #expect(Set(seen.map(\.page)) == Set(0...last))
    // The last page's end was shown before autoplay stopped.
    let lines = v.pageLines(width: width).count
    #expect(v.scroll + (height - 1) >= lines)
  }

  @Test func spacePausesAndResumesAndTheStatusLineSays() throws {
    var v = try ViewerTests.viewer()
    v.autoplay = .init()
    #expect(v.frame(width: 80, height: 24).last.map(\.plainText)?.contains("playing") == true)
    #expect(v.handle(.character(" ")) == .redraw)
    #expect(v.autoplay?.paused == true)
    #expect(v.autoplayStep(width: 80, height: 24) == .nothing)
    #expect(v.position.page == 0)
    #expect(v.frame(width: 80, height: 24).last.map(\.plainText)?.contains("paused") == true)
    _ = v.handle(.character(" "))
    #expect(v.autoplay?.paused == false)
    // Without autoplay, space is still the next page.
    var plain = try ViewerTests.viewer()
    #expect(plain.handle(.character(" ")) == .pageChanged)
  }
}
