import Foundation
import Testing
import TinyGPT
import TraceKit
import Walkthrough

/// The context-vectors page: the norms of the parts of blocks.1.hook_resid_pre recomputed here
/// from the recorded activations and the model's layer-0 W_O, and the parts adding up.
@Suite struct ContextPageTests {
  @Test(arguments: [Fixtures.defaultModel, Fixtures.noPositionModel, Fixtures.noLayerNormModel])
  func partsAreWhatLayerZeroBroughtFromEachToken(model: Model) throws {
    let trace = try CircuitsPageTests.traceWithWeights(model)
    let text = try AdaptationTests.text(of: .context, in: try Fixtures.walkthrough(trace))
    let pass = try #require(trace.passes.first)
    let (d, dh, heads) = (model.config.dModel, model.config.dHead, model.config.nHeads)
    let rows = { (name: String) in HeadCircuitPageTests.rows(pass.activation(named: name)) }
    let embed = rows("hook_embed")
    let pos = pass.activation(named: "hook_pos_embed") == nil ? nil : rows("hook_pos_embed")
    let v = rows("blocks.0.attn.hook_v")  // [pos][head · d_head]
    let mlp = rows("blocks.0.hook_mlp_out")
    let resid = rows("blocks.1.hook_resid_pre")
    let pattern = try #require(pass.activation(named: "blocks.0.attn.hook_pattern"))
    let block = model.parameters.blocks[0]
    let n = embed.count
    func norm(_ x: [Double]) -> Double { x.reduce(0) { $0 + $1 * $1 }.squareRoot() }
    var largest = 0.0
    for p in 0..<n {
      var expected = [norm((0..<d).map { embed[p][$0] + (pos?[p][$0] ?? 0) })]
      var total = (0..<d).map {
        embed[p][$0] + (pos?[p][$0] ?? 0) + Double(block.attnProjBias[$0]) + mlp[p][$0]
      }
      for j in 0..<n {
        // Per head: the weighted value first, then W_O,h.
        var part = [Double](repeating: 0, count: d)
        for h in 0..<heads {
          let weight = Double(pattern.data[(h * n + p) * n + j])
          for o in 0..<d {
            part[o] += (0..<dh).reduce(0.0) {
              $0 + weight * v[j][h * dh + $1] * Double(block.attnProjWeight[h * dh + $1, o])
            }
          }
        }
        if j > p { #expect(norm(part) == 0) }
        expected.append(norm(part))
        for o in 0..<d { total[o] += part[o] }
      }
      largest = max(largest, zip(total, resid[p]).map { abs($0 - $1) }.max() ?? 0)
      let line = try #require(
        text.split(separator: "\n").first { $0.hasPrefix(pass.tokens[p].text + " ") }, "row \(p)")
      let fields = line.split(separator: " ").dropFirst().map(String.init)
      for (c, value) in expected.enumerated() where c == 0 || c - 1 <= p {
        #expect(fields[c] == String(format: "%.3f", value), "row \(p) column \(c): \(line)")
      }
      for c in (p + 2)..<(n + 1) { #expect(fields[c] == "·") }
      #expect(fields[n + 2] == String(format: "%.3f", norm(mlp[p])))
    }
    #expect(largest < 1e-5)
    let shown = try #require(
      HeadCircuitPageTests.number(after: "entries): max |difference| = ", in: text))
    #expect(shown < 1e-5 && abs(shown - largest) < 1e-6)
  }

  @Test func onlyForMultiLayerTracesWithWeights() throws {
    let without = try Fixtures.walkthrough(Fixtures.defaultTraceWithoutWeights)
    #expect(!without.pages.contains { $0.view == .context })
  }
}
