import Foundation
import Testing
import TinyGPT
import TraceKit
import Walkthrough

/// The value-basis page: V' = V·R drawn with the numbers computed here, R⁻¹ exact to rounding,
/// and the head's output unchanged.
@Suite struct BasisPageTests {
  /// R as the page documents it: I + E, E uniform in ±1/d_head from `RandomSource(seed: 1)`.
  static func basis(_ n: Int) -> [[Double]] {
    var random = RandomSource(seed: 1)
    return (0..<n).map { i in
      (0..<n).map { j in (i == j ? 1 : 0) + (2 * random.nextUniform() - 1) / Double(n) }
    }
  }

  @Test func inverseIsExactToRounding() throws {
    var random = RandomSource(seed: 7)
    let n = 6
    let a = (0..<(n * n)).map { _ in random.nextGaussian() }
    let inverse = try #require(gaussJordanInverse(a, n: n))
    for i in 0..<n {
      for j in 0..<n {
        let sum = (0..<n).reduce(0.0) { $0 + a[i * n + $1] * inverse[$1 * n + j] }
        #expect(abs(sum - (i == j ? 1 : 0)) < 1e-12)
      }
    }
    #expect(gaussJordanInverse([1, 2, 2, 4], n: 2) == nil)
    #expect(gaussJordanInverse([1, 2, 3], n: 2) == nil)
    #expect(gaussJordanInverse([0, 1, 1, 0], n: 2) == [0, 1, 1, 0])
  }

  @Test(arguments: [(0, 0), (1, 1)])
  func vPrimeIsVTimesRAndTheOutputIsUnchanged(layer: Int, head: Int) throws {
    let model = Fixtures.defaultModel
    let trace = try CircuitsPageTests.traceWithWeights(model)
    let text = try HeadCircuitPageTests.text(.basis, trace, layer: layer, head: head)
    let pass = try #require(trace.passes.first)
    let (d, dh, heads) = (model.config.dModel, model.config.dHead, model.config.nHeads)
    let v = try #require(pass.activation(named: "blocks.\(layer).attn.hook_v"))
    let n = v.shape[0]
    let vh = (0..<n).map { p in (0..<dh).map { Double(v.data[(p * heads + head) * dh + $0]) } }
    let r = Self.basis(dh)
    let vPrime = HeadCircuitPageTests.times(vh, r)
    // V' is drawn to the right of V on the same line: the row's last d_head numbers.
    for (p, token) in pass.tokens.enumerated() {
      let shown = try #require(
        HeadCircuitPageTests.shownRow(token.text, count: dh, in: text), "row \(p)")
      for (s, value) in zip(shown, vPrime[p]) {
        #expect(abs(s.value - value) <= 0.5 * pow(10, -Double(s.decimals)) + 1e-9)
      }
    }
    #expect(vPrime != vh)
    // The drawn output is the recorded hook_result of the head.
    let result = try #require(pass.activation(named: "blocks.\(layer).attn.hook_result"))
    for (p, token) in pass.tokens.enumerated() {
      let shown = try #require(HeadCircuitPageTests.shownRow(token.text, count: d, in: text))
      for (c, s) in shown.enumerated() {
        let value = Double(result.data[(p * heads + head) * d + c])
        #expect(abs(s.value - value) <= 0.5 * pow(10, -Double(s.decimals)) + 1e-6)
      }
    }
    for label in ["max |R·R⁻¹ − I| = ", "(all \(n)×\(d) entries): max |difference| = "] {
      let shown = try #require(HeadCircuitPageTests.number(after: label, in: text), "\(label)")
      #expect(shown < 1e-12)
    }
    let recorded = try #require(
      HeadCircuitPageTests.number(
        after: "hook_result[:, \(head), :]: max |difference| = ", in: text))
    #expect(recorded < 1e-5)
  }
}
