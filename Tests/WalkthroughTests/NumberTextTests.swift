import TerminalKit
import Testing

/// Numbers on the pages: a value that rounds to zero prints as zero, without a sign.
@Suite struct NumberTextTests {
  @Test func valuesThatRoundToZeroHaveNoSign() {
    #expect(NumberText.fixed(-0.001, decimals: 2) == "0.00")
    #expect(NumberText.fixed(-0.0049, decimals: 2) == "0.00")
    #expect(NumberText.fixed(-0.0, decimals: 3) == "0.000")
    #expect(NumberText.fixed(-0.4, decimals: 0) == "0")
    #expect(NumberText.fixed(-1e-30, decimals: 9) == "0.000000000")
  }

  @Test func otherValuesKeepTheirSign() {
    #expect(NumberText.fixed(-0.006, decimals: 2) == "-0.01")
    #expect(NumberText.fixed(-0.42, decimals: 2) == "-0.42")
    #expect(NumberText.fixed(-0.6, decimals: 0) == "-1")
    #expect(NumberText.fixed(0.001, decimals: 2) == "0.00")
    #expect(NumberText.fixed(1, decimals: 2) == "1.00")
    #expect(NumberText.fixed(-.infinity, decimals: 2) == "-inf")
    #expect(NumberText.fixed(.nan, decimals: 2) == "nan")
  }

  @Test func noPageOfAnyTestModelPrintsNegativeZero() throws {
    for (name, trace) in Fixtures.traces {
      let words = AdaptationTests.allText(try Fixtures.walkthrough(trace)).split {
        $0 == " " || $0 == "\n"
      }
      let negativeZeros = words.filter {
        $0.count > 1 && $0.hasPrefix("-") && $0.dropFirst().allSatisfy { "0.".contains($0) }
      }
      #expect(negativeZeros.isEmpty, "\(name): \(negativeZeros.prefix(3))")
    }
  }
}
