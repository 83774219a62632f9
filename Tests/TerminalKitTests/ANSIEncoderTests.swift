import Testing

@testable import TerminalKit

@Suite struct ANSIEncoderTests {
  static let sample: [StyledLine] = {
    var first = StyledLine("plain ")
    first.append("bold", style: .bold)
    first.append(" and ")
    first.append("cell", style: Style(foreground: .rgb(0, 0, 0), background: .rgb(253, 231, 37)))
    var second = StyledLine("x", style: Style(foreground: .rgb(255, 0, 0), underline: true))
    second.append("y", style: Style(italic: true, reverse: true))
    return [first, second, StyledLine(), StyledLine("end")]
  }()

  /// Whether every line that sets a style ends with the SGR reset, and no line ends with
  /// a style open: scans each line's SGR sequences in order.
  static func stylesAreClosedOnEveryLine(_ text: String) -> Bool {
    for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
      var open = false
      var rest = Substring(line)
      while let escape = rest.firstIndex(of: "\u{1B}") {
        guard let end = rest[escape...].firstIndex(of: "m") else { return false }
        let parameters = rest[rest.index(escape, offsetBy: 2)..<end]
        open = parameters != "0"
        rest = rest[rest.index(after: end)...]
      }
      if open { return false }
    }
    return true
  }

  @Test(arguments: [ColorLevel.ansi16, .ansi256, .trueColor])
  func everyOpenedStyleIsClosed(level: ColorLevel) throws {
    let text = ANSIEncoder(level: level).encode(Self.sample)
    #expect(text.contains("\u{1B}["))
    #expect(Self.stylesAreClosedOnEveryLine(text))
    let page = try SnapshotRenderTests.page().render(width: 60)
    #expect(Self.stylesAreClosedOnEveryLine(ANSIEncoder(level: level).encode(page)))
  }

  @Test func scannerCatchesAnUnclosedStyle() {
    #expect(!Self.stylesAreClosedOnEveryLine("a\u{1B}[0;1mb\nc"))
    #expect(Self.stylesAreClosedOnEveryLine("a\u{1B}[0;1mb\u{1B}[0m\nc"))
  }

  @Test func noColorLevelEmitsPlainText() throws {
    let text = ANSIEncoder(level: .none).encode(Self.sample)
    #expect(!text.unicodeScalars.contains("\u{1B}"))
    #expect(text == "plain bold and cell\nxy\n\nend\n")
    let page = ANSIEncoder(level: .none).encode(try SnapshotRenderTests.page().render(width: 40))
    #expect(!page.unicodeScalars.contains("\u{1B}"))
  }

  @Test func exactSequencesPerLevel() {
    let style = Style(foreground: .rgb(255, 0, 0), background: .rgb(0, 0, 0), bold: true)
    #expect(ANSIEncoder(level: .trueColor).sgr(for: style) == "\u{1B}[0;1;38;2;255;0;0;48;2;0;0;0m")
    #expect(ANSIEncoder(level: .ansi256).sgr(for: style) == "\u{1B}[0;1;38;5;196;48;5;16m")
    #expect(ANSIEncoder(level: .ansi16).sgr(for: style) == "\u{1B}[0;1;91;40m")
    let line = StyledLine("hi", style: .bold)
    #expect(ANSIEncoder(level: .ansi16).encode(line) == "\u{1B}[0;1mhi\u{1B}[0m")
  }

  @Test func plainSpansAfterStyledOnesResetFirst() {
    var line = StyledLine("a", style: .dim)
    line.append("b")
    #expect(ANSIEncoder(level: .ansi256).encode(line) == "\u{1B}[0;2ma\u{1B}[0mb")
  }

  @Test func encodingIsDeterministic() throws {
    let lines = try SnapshotRenderTests.page().render(width: 80)
    let encoder = ANSIEncoder(level: .trueColor)
    #expect(
      encoder.encode(lines) == encoder.encode(try SnapshotRenderTests.page().render(width: 80)))
  }
}
