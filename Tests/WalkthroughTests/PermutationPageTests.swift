import Foundation
import Testing
import TinyGPT
import TraceKit
import Walkthrough

/// The permutation page: the run recorded with the weights, every per-position row of the
/// shuffled run the original's row it came from, and the page's figures recomputed here.
@Suite struct PermutationPageTests {
  @Test func onlyWithWeights() throws {
    for (name, trace) in Fixtures.traces {
      let pages = try Fixtures.walkthrough(trace).pages
      #expect(pages.contains { $0.view == .permutation } == !trace.parameters.isEmpty, "\(name)")
    }
  }

  @Test func theRunIsTheReversedPromptWithoutPositionsAndMask() throws {
    let trace = Fixtures.defaultTrace
    let run = try #require(trace.permutation)
    let tokens = try #require(trace.passes.first).tokens
    #expect(run.order == Array((0..<tokens.count).reversed()))
    #expect(run.interventions == [.ablatePositions, .noMask])
    #expect(run.original.tokens == tokens)
    #expect(run.permuted.tokens == tokens.reversed())
  }

  /// The largest |permuted row i − original row order[i]| of `name`, computed here.
  static func difference(_ run: PermutationRun, _ name: String) -> Double? {
    guard let a = run.original.activation(named: name), let b = run.permuted.activation(named: name)
    else { return nil }
    let rows = a.shape[0]
    let width = a.data.count / rows
    var worst = 0.0
    for i in 0..<rows {
      for j in 0..<width {
        let x = Double(b.data[i * width + j])
        let y = Double(a.data[run.order[i] * width + j])
        if x != y { worst = max(worst, abs(x - y)) }
      }
    }
    return worst
  }

  @Test func everyRowIsThePermutedOriginalRow() throws {
    let trace = Fixtures.defaultTrace
    let run = try #require(trace.permutation)
    let text = try AdaptationTests.text(of: .permutation, in: try Fixtures.walkthrough(trace))
    #expect(text.contains("order: [" + run.order.map(String.init).joined(separator: ", ") + "]"))
    #expect(
      text.contains("permuted: " + run.permuted.tokens.map(\.text).joined(separator: " | ")))
    let lines = text.split(separator: "\n").map(String.init)
    let perPosition = run.original.activations.filter { $0.axes.first?.hasPrefix("pos") == true }
    #expect(perPosition.count > 10)
    var largest = 0.0
    for activation in perPosition {
      let expected = try #require(Self.difference(run, activation.name))
      largest = max(largest, expected)
      let line = try #require(
        lines.first { $0.hasPrefix(activation.name + " ") }, "\(activation.name)")
      let shown = try #require(
        line.split(separator: " ").last.flatMap { Double($0) }, "\(line)")
      #expect(abs(shown - expected) <= max(1e-12, expected * 0.01), "\(activation.name)")
    }
    #expect(largest < 1e-4)
    let total = try #require(
      HeadCircuitPageTests.number(
        after: "largest over all \(perPosition.count) activations: ", in: text))
    #expect(abs(total - largest) <= max(1e-12, largest * 0.01))
  }

  /// Without the interventions the rows do differ: the check on the page can fail.
  @Test func withTheMaskTheRowsDiffer() throws {
    let model = Fixtures.defaultModel
    let tokens = try #require(Fixtures.defaultTrace.passes.first).tokens.map(\.id)
    let order = Array((0..<tokens.count).reversed())
    let original = model.trace(tokens: tokens, prompt: "", modelName: "", weightsSHA256: "")
    let permuted = model.trace(
      tokens: order.map { tokens[$0] }, prompt: "", modelName: "", weightsSHA256: "")
    let run = PermutationRun(
      order: order, interventions: [], original: original.passes[0],
      permuted: permuted.passes[0])
    let name = "blocks.0.hook_resid_post"
    #expect(try #require(Self.difference(run, name)) > 1e-3)
  }
}
