import TerminalKit
import Testing
import TraceKit
import Walkthrough

/// Every page of the default walkthrough, frozen as text, for several models, widths and
/// colour levels. Re-record all of them with
/// `SNAPSHOT_RECORD=1 swift test --filter WalkthroughTests`.
@Suite struct SnapshotTests {
  /// One snapshot file: a model's trace at a width and colour level.
  struct Case: CustomTestStringConvertible, Sendable {
    let model: String
    let width: Int
    let level: ColorLevel
    var position = WalkthroughPosition()

    var name: String {
      var name = "walk-\(model)-\(width)-\(level == .none ? "plain" : "truecolor")"
      if position.layer != 0 || position.head != 0 {
        name += "-layer\(position.layer)-head\(position.head)"
      }
      return name
    }
    var testDescription: String { name }
  }

  static let cases: [Case] =
    ["default", "no-layernorm", "positional-none"].flatMap { model in
      [40, 80, 160].flatMap { width in
        [ColorLevel.none, .trueColor].map { Case(model: model, width: width, level: $0) }
      }
    }
    + [40, 80].flatMap { width in
      // The built-in model without weights in its trace: the weights drawn as boxes.
      [ColorLevel.none, .trueColor].map {
        Case(model: "default-no-weights", width: width, level: $0)
      }
    } + [
      Case(model: "sinusoidal", width: 80, level: .none),
      Case(model: "sinusoidal", width: 80, level: .trueColor),
      Case(
        model: "default", width: 80, level: .none,
        position: WalkthroughPosition(layer: 1, head: 1)),
    ]

  /// All pages of a case, each introduced by a marker line naming the page.
  static func snapshotText(_ c: Case) throws -> String {
    let trace = try #require(Fixtures.traces.first { $0.name == c.model }).trace
    let walkthrough = try Fixtures.walkthrough(trace)
    let encoder = ANSIEncoder(level: c.level)
    var out = ""
    for (page, lines) in renderedPages(walkthrough, width: c.width, position: c.position) {
      out +=
        "===== page \(page + 1)/\(walkthrough.pages.count): "
        + "\(walkthrough.pages[page].title) =====\n"
      out += encoder.encode(lines)
    }
    return out
  }

  @Test(arguments: cases) func pagesMatchSnapshot(_ c: Case) throws {
    Snapshot.assert(try Self.snapshotText(c), named: c.name)
  }

  @Test func plainSnapshotsHaveNoEscapesAndColourOnesDo() throws {
    let plain = try Self.snapshotText(Case(model: "default", width: 80, level: .none))
    let colour = try Self.snapshotText(Case(model: "default", width: 80, level: .trueColor))
    #expect(!plain.contains("\u{1B}"))
    #expect(colour.contains("\u{1B}[0;"))
    #expect(colour.contains(";2;"), "true colour uses 24-bit SGR codes")
  }

  @Test func renderingIsDeterministic() throws {
    let c = Case(model: "default", width: 80, level: .trueColor)
    #expect(try Self.snapshotText(c) == Self.snapshotText(c))
    let again = Fixtures.trace(Fixtures.defaultModel, name: "built-in", weights: true)
    #expect(again == Fixtures.defaultTrace, "tracing twice gives the same trace")
  }
}
