import Foundation
import Testing
import TinyGPT
import TraceKit
import Walkthrough

/// The position-shift page: M shown as the rotation blocks computed here, and M moving every
/// recorded position row to the next.
@Suite struct PositionShiftPageTests {
  @Test func forSinusoidalPositionsAndLearnedOnesWithWeights() throws {
    for (name, trace) in Fixtures.traces {
      let pages = try Fixtures.walkthrough(trace).pages
      let type = trace.config.positionalEmbeddingType
      let expected = type == .sinusoidal || (type == .standard && !trace.parameters.isEmpty)
      #expect(pages.contains { $0.view == .positionShift } == expected, "\(name)")
    }
  }

  @Test func learnedPositionsShowTheRowLengthsOfTheTable() throws {
    let trace = Fixtures.defaultTrace
    let table = try #require(trace.parameter("transformer.wpe.weight"))
    let d = table.shape[1]
    // The lengths computed here, in Double, row by row.
    let norms = (0..<table.shape[0]).map { k in
      (0..<d).reduce(0.0) { $0 + Double(table.data[k * d + $1]) * Double(table.data[k * d + $1]) }
        .squareRoot()
    }
    let text = try AdaptationTests.text(of: .positionShift, in: try Fixtures.walkthrough(trace))
    let shortest = try #require(norms.indices.min { norms[$0] < norms[$1] })
    let longest = try #require(norms.indices.max { norms[$0] < norms[$1] })
    #expect(text.contains("‖PE(\(shortest))‖ = " + String(format: "%.4f", norms[shortest])))
    #expect(text.contains("‖PE(\(longest))‖ = " + String(format: "%.4f", norms[longest])))
    // The claim holds: the lengths differ, so no rotation maps one row to the next.
    #expect(norms[longest] - norms[shortest] > 0.01)
  }

  @Test func shiftingByMIsTheNextPosition() throws {
    let trace = Fixtures.sinusoidalTrace
    let text = try AdaptationTests.text(of: .positionShift, in: try Fixtures.walkthrough(trace))
    let pass = try #require(trace.passes.first)
    let pe = try #require(pass.activation(named: "hook_pos_embed"))
    let d = trace.config.dModel
    let n = pe.shape[0]
    // Rotating each (sin, cos) pair by ω_i = 10000^(−2i/d): the angle-sum identities.
    var largest = 0.0
    for k in 0..<(n - 1) {
      var worst = 0.0
      for i in 0..<(d / 2) {
        let w = pow(10000, -Double(2 * i) / Double(d))
        let (s, c) = (Double(pe.data[k * d + 2 * i]), Double(pe.data[k * d + 2 * i + 1]))
        let next = (s * cos(w) + c * sin(w), c * cos(w) - s * sin(w))
        worst = max(
          worst, abs(next.0 - Double(pe.data[(k + 1) * d + 2 * i])),
          abs(next.1 - Double(pe.data[(k + 1) * d + 2 * i + 1])))
      }
      largest = max(largest, worst)
      let shown = try #require(
        HeadCircuitPageTests.number(
          after: "PE(\(k)) · M vs PE(\(k + 1)): max |difference| = ", in: text), "k \(k)")
      #expect(abs(shown - worst) <= max(1e-9, worst * 0.01))
    }
    #expect(largest < 1e-5)
    #expect(text.contains("(2, 3): " + String(format: "%.4f", pow(10000, -2.0 / Double(d)))))
    // M's first block as drawn: cos ω_0 = 1 · cos 1, −sin 1 on row 0.
    let row0 = try #require(
      text.split(separator: "\n").first { $0.hasPrefix("0 ") }?.split(separator: " "))
    #expect(Double(row0[1]).map { abs($0 - cos(1.0)) < 0.01 } == true)
    #expect(Double(row0[2]).map { abs($0 + sin(1.0)) < 0.01 } == true)
  }
}
