import TerminalKit
import Testing
import TraceKit
import Walkthrough

/// A trace written to the file format and read back shows exactly the same walkthrough.
@Suite struct ReplayTests {
  @Test(arguments: ["default", "no-layernorm", "positional-none", "sinusoidal"])
  func replayEqualsLive(_ model: String) throws {
    let live = try #require(Fixtures.traces.first { $0.name == model }).trace
    let bytes = try TraceFile.encode(live)
    let replayed = try TraceFile.decode(bytes)
    #expect(replayed == live, "the file round trip keeps every value")
    let liveWalk = try Fixtures.walkthrough(live)
    let replayWalk = try Fixtures.walkthrough(replayed)
    for level in [ColorLevel.none, .trueColor] {
      let a = printedPages(liveWalk, width: 80, level: level)
      let b = printedPages(replayWalk, width: 80, level: level)
      #expect(a == b, "\(model) at \(level)")
      #expect(a.utf8.count > 1000)
    }
  }

  @Test func aChangedTraceRendersDifferently() throws {
    // The comparison above can fail: one changed activation value changes the printed pages.
    var changed = Fixtures.defaultTrace
    let index = try #require(changed.passes[0].activations.firstIndex { $0.name == "hook_embed" })
    changed.passes[0].activations[index].data[0] += 0.5
    let a = printedPages(try Fixtures.walkthrough(Fixtures.defaultTrace), width: 80, level: .none)
    let b = printedPages(try Fixtures.walkthrough(changed), width: 80, level: .none)
    #expect(a != b)
  }
}
