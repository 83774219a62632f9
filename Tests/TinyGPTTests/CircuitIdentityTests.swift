import Foundation
import Testing

@testable import TinyGPT

/// The identities of "A Mathematical Framework for Transformer Circuits" the walkthrough relies on.
@Suite struct CircuitIdentityTests {
  @Test func withoutPositionsOrMaskPermutingTheInputPermutesEveryPerPositionActivation() {
    let model = testModel(positional: .none)
    let tokens = [1, 4, 2, 8, 5]
    let permutation = [3, 0, 4, 1, 2]  // new position i holds old position permutation[i]
    var a = Intervening([.noMask], inner: CollectingRecorder())
    var b = Intervening([.noMask], inner: CollectingRecorder())
    _ = model.forward(tokens, hooks: &a)
    _ = model.forward(permutation.map { tokens[$0] }, hooks: &b)
    let (rawA, rawB) = (a.inner, b.inner)
    var checked = 0
    for name in rawA.names {
      let ta = rawA(name)
      guard let axes = ActivationName(name)?.point.axes, axes.first == "pos" else { continue }
      let width = ta.count / tokens.count
      var permuted: [Float] = []
      for i in 0..<tokens.count {
        permuted += ta.data[(permutation[i] * width)..<((permutation[i] + 1) * width)]
      }
      #expect(close(permuted, rawB(name).data), "\(name) is not permutation-equivariant")
      checked += 1
    }
    #expect(checked > 20)
    // With the causal mask it is not: the first position can see only itself.
    var c = CollectingRecorder()
    _ = model.forward(permutation.map { tokens[$0] }, hooks: &c)
    #expect(!close(c("hook_probs").data, rawB("hook_probs").data))
  }

  @Test func eachHeadIsPatternTimesInputTimesTheOVCircuit() {
    let model = testModel()
    let tokens = [1, 2, 3, 4]
    var rec = CollectingRecorder()
    _ = model.forward(tokens, hooks: &rec)
    let block = model.parameters.blocks[0]
    let x = Matrix(rows: 4, cols: 8, data: rec("blocks.0.ln1.hook_out").data)
    let pattern = rec("blocks.0.attn.hook_pattern")
    let result = rec("blocks.0.attn.hook_result")
    for h in 0..<2 {
      let wV = block.attnWeight.columns((16 + h * 4)..<(16 + h * 4 + 4))  // [d_model, d_head]
      let bV = Array(block.attnBias[(16 + h * 4)..<(16 + h * 4 + 4)])
      let wO = block.attnProjWeight.rows((h * 4)..<(h * 4 + 4))  // [d_head, d_model]
      let wOV = Matrix.matmul(wV, wO)  // [d_model, d_model]
      let a = Matrix(rows: 4, cols: 4, data: Array(pattern.data[(h * 16)..<(h * 16 + 16)]))
      // A · (x · W_OV + 1 · b_V · W_O); rows of A sum to 1, so the bias term is added once per row.
      let expected = Matrix.matmul(a, Matrix.matmul(x, wOV)).addingRowVector(
        Matrix.matmul(Matrix(rows: 1, cols: 4, data: bV), wO).data)
      var actual: [Float] = []
      for p in 0..<4 { actual += result.data[((p * 2 + h) * 8)..<((p * 2 + h) * 8 + 8)] }
      #expect(close(actual, expected.data))
    }
  }

  @Test func scoresAreInputTimesTheQKCircuitOfRankAtMostDHead() {
    let model = testModel(zeroBiases: true)
    let tokens = [5, 3, 9]
    var rec = CollectingRecorder()
    _ = model.forward(tokens, hooks: &rec)
    let block = model.parameters.blocks[1]
    let x = Matrix(rows: 3, cols: 8, data: rec("blocks.1.ln1.hook_out").data)
    let scores = rec("blocks.1.attn.hook_attn_scores_unmasked")
    for h in 0..<2 {
      let wQ = block.attnWeight.columns((h * 4)..<(h * 4 + 4))
      let wK = block.attnWeight.columns((8 + h * 4)..<(8 + h * 4 + 4))
      let wQK = Matrix.matmul(wQ, transposing: wK)  // [d_model, d_model]
      let expected = Matrix.matmul(Matrix.matmul(x, wQK), transposing: x).scaled(by: 0.5)  // 1/√4
      #expect(close(Array(scores.data[(h * 9)..<(h * 9 + 9)]), expected.data))
      #expect(rank(wQK) <= 4)
      #expect(rank(wQK) == 4)  // generic weights reach the bound
    }
  }

  @Test func sinusoidalPositionKPlusOneIsAFixedLinearMapOfPositionK() {
    let d = 16
    let pe = sinusoidalEncoding(positions: 40, dModel: d)
    // The map is a rotation of each (sin, cos) pair by that pair's frequency.
    for k in 0..<39 {
      for i in stride(from: 0, to: d, by: 2) {
        let w = 1 / pow(10000, Double(i) / Double(d))
        let (s, c) = (Double(pe[k, i]), Double(pe[k, i + 1]))
        let nextSin = s * cos(w) + c * sin(w)
        let nextCos = c * cos(w) - s * sin(w)
        #expect(abs(nextSin - Double(pe[k + 1, i])) < 1e-5)
        #expect(abs(nextCos - Double(pe[k + 1, i + 1])) < 1e-5)
      }
    }
    #expect(pe[0, 0] == 0 && pe[0, 1] == 1)
  }
}

/// The numerical rank of a matrix by Gaussian elimination with partial pivoting, in Double.
func rank(_ m: Matrix, tolerance: Double = 1e-6) -> Int {
  var a = (0..<m.rows).map { r in (0..<m.cols).map { Double(m[r, $0]) } }
  let scale = a.flatMap { $0 }.map(abs).max() ?? 1
  var rank = 0
  for col in 0..<m.cols where rank < m.rows {
    guard let pivot = (rank..<m.rows).max(by: { abs(a[$0][col]) < abs(a[$1][col]) }),
      abs(a[pivot][col]) > tolerance * scale
    else { continue }
    a.swapAt(rank, pivot)
    for r in (rank + 1)..<m.rows {
      let f = a[r][col] / a[rank][col]
      for c in col..<m.cols { a[r][c] -= f * a[rank][c] }
    }
    rank += 1
  }
  return rank
}
