import Testing

@testable import TerminalKit

/// A small deterministic pseudo-random generator (64-bit LCG) for fuzz-like tests.
struct LCG {
  var state: UInt64
  mutating func next(_ bound: Int) -> Int {
    state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
    return Int((state >> 33) % UInt64(bound))
  }
}

@Suite struct LayoutTests {
  static let words = [
    "attention", "·", "Wᵀ", "√d", "…", "█░", "softmax", "漢字", "e\u{301}", "x", "query",
    "a-very-long-unbreakable-identifier-that-exceeds-narrow-widths", "0.42", "\t", "\u{1B}[31m",
  ]

  static func randomBlock(_ rng: inout LCG, depth: Int) throws -> Block {
    let kind = depth > 2 ? rng.next(4) : rng.next(10)
    func text(_ count: Int) -> String {
      return (0..<count).map { _ in LayoutTests.words[rng.next(LayoutTests.words.count)] }
        .joined(separator: " ")
    }
    switch kind {
    case 0: return .text(text(1 + rng.next(30)), style: .bold)
    case 1: return .lines([StyledLine(text(1 + rng.next(20))), StyledLine(text(3))])
    case 2: return .rule(rng.next(2) == 0 ? nil : text(4))
    case 3: return .blank
    case 4:
      let rows = 1 + rng.next(20)
      let columns = 1 + rng.next(40)
      return .heatmap(
        try Heatmap(
          values: Fixtures.grid(rows: rows, columns: columns), title: text(3),
          maxRows: 2 + rng.next(10)))
    case 5:
      let count = 1 + rng.next(6)
      return .bars(
        try BarChart(
          labels: (0..<count).map { _ in text(1) },
          values: (0..<count).map { _ in Float(rng.next(1000)) / 999 }))
    case 6: return .legend(Legend(palette: .viridis, range: 0...1, title: text(2)))
    case 7:
      return .row(
        try (0..<(1 + rng.next(4))).map { _ in try randomBlock(&rng, depth: depth + 1) },
        gap: rng.next(4))
    case 8: return .indent(try randomBlock(&rng, depth: depth + 1), by: rng.next(50))
    default:
      return .stack(
        try (0..<(1 + rng.next(3))).map { _ in try randomBlock(&rng, depth: depth + 1) })
    }
  }

  @Test func noLineIsWiderThanTheWidth() throws {
    var rng = LCG(state: 42)
    let blocks = try (0..<40).map { _ in try Self.randomBlock(&rng, depth: 0) }
    let document = Document(
      title: "A title that is rather long for narrow terminals", blocks: blocks)
    for width in [1, 5, 20, 33, 40, 57, 80, 123, 160, 200] {
      let lines = document.render(width: width)
      #expect(!lines.isEmpty)
      for line in lines {
        #expect(line.width <= width, "line \(line.plainText.debugDescription) at width \(width)")
      }
    }
  }

  @Test func displayWidthCountsColumns() {
    #expect(DisplayWidth.of("·ᵀ√…█░▏▉") == 8)
    #expect(DisplayWidth.of("漢字") == 4)
    #expect(DisplayWidth.of("e\u{301}") == 1)
    #expect(DisplayWidth.of("W_Q") == 3)
  }

  @Test func spansStripControlCharacters() {
    let span = Span("a\tb\u{1B}[31mc\n")
    #expect(span.text == "a b\u{FFFD}[31mc ")
    #expect(!span.text.unicodeScalars.contains { $0.value < 0x20 })
  }

  @Test func paragraphWrapsAtSpaces() {
    let lines = Block.text("the quick brown fox jumps").render(width: 10).map(\.plainText)
    #expect(lines == ["the quick", "brown fox", "jumps"])
  }

  @Test func paragraphSplitsWordsLongerThanTheWidth() {
    let lines = Block.text("abcdefghij k").render(width: 4).map(\.plainText)
    #expect(lines == ["abcd", "efgh", "ij k"])
  }

  @Test func linesAreCroppedNotWrapped() {
    let lines = Block.lines([StyledLine("0123456789")]).render(width: 4).map(\.plainText)
    #expect(lines == ["0123"])
  }

  @Test func croppingNeverSplitsAWideCharacter() {
    #expect(StyledLine("a漢字").cropped(to: 2).plainText == "a")
  }

  static let equation: Block = .row(
    [
      .lines([StyledLine("1 2"), StyledLine("3 4"), StyledLine("5 6")]),
      .glyph("·"),
      .lines([StyledLine("7"), StyledLine("8")]),
    ], gap: 1)

  @Test func rowPlacesPartsSideBySideWhenTheyFit() {
    let lines = Self.equation.render(width: 40).map(\.plainText)
    #expect(lines == ["1 2   7", "3 4 · 8", "5 6"])
  }

  @Test func rowStacksPartsWhenTheyDoNotFit() {
    let lines = Self.equation.render(width: 6).map(\.plainText)
    #expect(lines == ["1 2", "3 4", "5 6", "·", "7", "8"])
  }

  @Test func indentShiftsEveryNonEmptyLine() {
    let block = Block.indent(.stack([.text("ab"), .blank, .text("cd")]), by: 3)
    #expect(block.render(width: 10).map(\.plainText) == ["   ab", "", "   cd"])
  }

  @Test func ruleSpansTheWidthWithItsTitle() {
    let line = Block.rule("Step 1").render(width: 20)[0]
    #expect(line.plainText == "── Step 1 ──────────")
    #expect(line.width == 20)
  }

  @Test func barChartDrawsEighths() throws {
    #expect(BarChart.bar(for: 0.5, width: 4) == "██")
    #expect(BarChart.bar(for: 1.0 / 32, width: 4) == "▏")
    #expect(BarChart.bar(for: 0.3, width: 10) == "███")
    #expect(BarChart.bar(for: 0.87, width: 10) == "████████▊")  // 69.6 eighths -> 70 = 8 + 6/8
    #expect(BarChart.bar(for: 1.5, width: 3) == "███")
    #expect(BarChart.bar(for: -1, width: 3) == "")
    let lines = try Fixtures.probabilities().render(width: 40).map(\.plainText)
    #expect(lines[1].hasPrefix(" prosperity █"))
    #expect(lines[1].hasSuffix(" 0.87"))
    #expect(lines.allSatisfy { DisplayWidth.of($0) <= 40 })
  }

  @Test func barChartRejectsMismatchedCounts() {
    #expect(throws: BarChartError(labelCount: 2, valueCount: 1)) {
      try BarChart(labels: ["a", "b"], values: [0.5])
    }
    #expect(
      BarChartError(labelCount: 2, valueCount: 1).description
        == "bar chart has 2 labels but 1 values")
  }
}
