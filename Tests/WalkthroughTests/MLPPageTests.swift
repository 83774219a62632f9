import Foundation
import Testing
import TinyGPT
import TraceKit
import Walkthrough

/// The MLP page's check that each position goes through the MLP on its own.
@Suite struct MLPPageTests {
  @Test func eachRowAloneGivesTheRecordedOutput() throws {
    let trace = Fixtures.defaultTrace
    let text = try AdaptationTests.text(of: .mlp, in: try Fixtures.walkthrough(trace))
    let shown = try #require(HeadCircuitPageTests.number(after: "max |difference| ", in: text))
    // The same check written here: row p of ln2.hook_out alone through the MLP, in Double.
    let block = Fixtures.defaultModel.parameters.blocks[0]
    let pass = try #require(trace.passes.first)
    let x = try #require(pass.activation(named: "blocks.0.ln2.hook_out")).matrix
    let out = try #require(pass.activation(named: "blocks.0.hook_mlp_out")).matrix
    var worst = 0.0
    for p in 0..<x.rows {
      let post = (0..<block.fcBias.count).map { j in
        let pre = (0..<x.cols).reduce(Double(block.fcBias[j])) {
          $0 + Double(x[p, $1]) * Double(block.fcWeight[$1, j])
        }
        let inner: Double = (2 / Double.pi).squareRoot() * (pre + 0.044715 * pre * pre * pre)
        return 0.5 * pre * (1 + tanh(inner))
      }
      for c in 0..<out.cols {
        let value = post.indices.reduce(Double(block.mlpProjBias[c])) {
          $0 + post[$1] * Double(block.mlpProjWeight[$1, c])
        }
        worst = max(worst, abs(value - Double(out[p, c])))
      }
    }
    #expect(worst < 1e-4)
    #expect(shown < 1e-4)
    #expect(abs(shown - worst) < 1e-5)
  }

  @Test func withoutWeightsThereIsNoCheck() throws {
    let text = try AdaptationTests.text(
      of: .mlp, in: try Fixtures.walkthrough(Fixtures.defaultTraceWithoutWeights))
    #expect(!text.contains("each position on its own"))
  }
}
