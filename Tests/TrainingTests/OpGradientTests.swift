import Foundation
import Testing
import TinyGPT
import Training

// Each backward against central finite differences of an independent Double forward written
// here. The scalar is `Σ R ⊙ f(x)` for a fixed random `R`, so `dY = R`.

/// Central difference of `f` at `x` in every coordinate, in Double.
func numericGradient(_ x: [Double], h: Double = 1e-5, _ f: ([Double]) -> Double) -> [Double] {
  x.indices.map { i in
    var plus = x
    var minus = x
    plus[i] += h
    minus[i] -= h
    return (f(plus) - f(minus)) / (2 * h)
  }
}

/// Seeded Gaussian values.
func gaussians(_ count: Int, seed: UInt64, scale: Double = 1) -> [Double] {
  var rng = RandomSource(seed: seed)
  return (0..<count).map { _ in rng.nextGaussian() * scale }
}

/// Expects analytic (Float) and numeric (Double) gradients to agree within `tolerance`,
/// relative to the largest numeric entry.
func expectClose(
  _ analytic: [Float], _ numeric: [Double], tolerance: Double = 1e-3, _ what: String
) {
  #expect(analytic.count == numeric.count, "\(what): count")
  let size = max(numeric.map(abs).max() ?? 0, 1e-3)
  let worst = zip(analytic, numeric).map { abs(Double($0) - $1) }.max() ?? 0
  #expect(worst <= tolerance * size, "\(what): worst difference \(worst), size \(size)")
}

func matrix(_ rows: Int, _ cols: Int, _ values: [Double]) -> Matrix {
  Matrix(rows: rows, cols: cols, data: values.map { Float($0) })
}

func dot(_ a: [Double], _ b: [Double]) -> Double { zip(a, b).reduce(0) { $0 + $1.0 * $1.1 } }

@Test func linearBackwardMatchesFiniteDifferences() {
  let (pos, n, m) = (3, 4, 5)
  let x = gaussians(pos * n, seed: 1)
  let w = gaussians(n * m, seed: 2)
  let bias = gaussians(m, seed: 3)
  let r = gaussians(pos * m, seed: 4)
  func f(_ x: [Double], _ w: [Double], _ bias: [Double]) -> Double {
    var total = 0.0
    for p in 0..<pos {
      for j in 0..<m {
        var y = bias[j]
        for i in 0..<n { y += x[p * n + i] * w[i * m + j] }
        total += r[p * m + j] * y
      }
    }
    return total
  }
  let g = linearBackward(matrix(pos, m, r), input: matrix(pos, n, x), weight: matrix(n, m, w))
  expectClose(g.input.data, numericGradient(x) { f($0, w, bias) }, "dX")
  expectClose(g.weight.data, numericGradient(w) { f(x, $0, bias) }, "dW")
  expectClose(g.bias, numericGradient(bias) { f(x, w, $0) }, "db")
}

@Test func layerNormBackwardMatchesFiniteDifferences() {
  let (pos, d, eps) = (3, 6, 1e-5)
  let x = gaussians(pos * d, seed: 5, scale: 2)
  let w = gaussians(d, seed: 6).map { 1 + 0.3 * $0 }
  let bias = gaussians(d, seed: 7)
  let r = gaussians(pos * d, seed: 8)
  func f(_ x: [Double], _ w: [Double], _ bias: [Double]) -> Double {
    var total = 0.0
    for p in 0..<pos {
      let row = Array(x[(p * d)..<((p + 1) * d)])
      let mean = row.reduce(0, +) / Double(d)
      let variance = row.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(d)
      for c in 0..<d {
        let y = (row[c] - mean) / (variance + eps).squareRoot() * w[c] + bias[c]
        total += r[p * d + c] * y
      }
    }
    return total
  }
  let forward = layerNorm(
    matrix(pos, d, x),
    LayerNormParameters(weight: w.map { Float($0) }, bias: bias.map { Float($0) }),
    eps: Float(eps))
  let g = layerNormBackward(
    matrix(pos, d, r), normalized: forward.normalized, scale: forward.scale,
    weight: w.map { Float($0) })
  expectClose(g.input.data, numericGradient(x) { f($0, w, bias) }, "dX")
  expectClose(g.weight, numericGradient(w) { f(x, $0, bias) }, "dW")
  expectClose(g.bias, numericGradient(bias) { f(x, w, $0) }, "db")
}

@Test func softmaxBackwardMatchesFiniteDifferencesWithMask() {
  let n = 4
  let x = gaussians(n * n, seed: 9, scale: 2)
  let r = gaussians(n * n, seed: 10)
  func f(_ x: [Double]) -> Double {
    var total = 0.0
    for row in 0..<n {
      let kept = 0...row  // causal: keys after the query are masked
      let m = kept.map { x[row * n + $0] }.max() ?? 0
      let sum = kept.reduce(0.0) { $0 + exp(x[row * n + $1] - m) }
      for c in kept { total += r[row * n + c] * exp(x[row * n + c] - m) / sum }
    }
    return total
  }
  let p = softmaxRows(causallyMasked(matrix(n, n, x)))
  let g = softmaxBackward(matrix(n, n, r), probabilities: p)
  expectClose(g.data, numericGradient(x, f), "dX")
}

@Test(arguments: [ActivationFunction.relu, .gelu, .geluNew])
func activationBackwardMatchesFiniteDifferences(function: ActivationFunction) {
  // Points away from 0 so ReLU's kink is not straddled by the difference.
  let x = gaussians(20, seed: 11, scale: 2).map { $0 + ($0 >= 0 ? 0.01 : -0.01) }
  let r = gaussians(20, seed: 12)
  func act(_ v: Double) -> Double {
    switch function {
    case .relu: max(0, v)
    case .gelu: 0.5 * v * (1 + erf(v / 2.0.squareRoot()))
    case .geluNew: 0.5 * v * (1 + tanh((2 / Double.pi).squareRoot() * (v + 0.044715 * v * v * v)))
    }
  }
  let g = activationBackward(matrix(4, 5, r), pre: matrix(4, 5, x), function: function)
  expectClose(g.data, numericGradient(x) { dot(r, $0.map(act)) }, "\(function)")
}

@Test func attentionHeadBackwardMatchesFiniteDifferences() {
  let (pos, dh) = (4, 3)
  let scale = 1 / Double(dh).squareRoot()
  let q = gaussians(pos * dh, seed: 13)
  let k = gaussians(pos * dh, seed: 14)
  let v = gaussians(pos * dh, seed: 15)
  let r = gaussians(pos * dh, seed: 16)
  func f(_ q: [Double], _ k: [Double], _ v: [Double]) -> Double {
    var total = 0.0
    for i in 0..<pos {
      let scores = (0...i).map { j in
        (0..<dh).reduce(0.0) { $0 + q[i * dh + $1] * k[j * dh + $1] } * scale
      }
      let m = scores.max() ?? 0
      let e = scores.map { exp($0 - m) }
      let sum = e.reduce(0, +)
      for c in 0..<dh {
        let out = (0...i).reduce(0.0) { $0 + e[$1] / sum * v[$1 * dh + c] }
        total += r[i * dh + c] * out
      }
    }
    return total
  }
  let (qm, km, vm) = (matrix(pos, dh, q), matrix(pos, dh, k), matrix(pos, dh, v))
  let pattern = softmaxRows(
    causallyMasked(Matrix.matmul(qm, transposing: km).scaled(by: Float(scale))))
  let g = attentionHeadBackward(
    matrix(pos, dh, r), q: qm, k: km, v: vm, pattern: pattern, scale: Float(scale))
  expectClose(g.q.data, numericGradient(q) { f($0, k, v) }, "dq")
  expectClose(g.k.data, numericGradient(k) { f(q, $0, v) }, "dk")
  expectClose(g.v.data, numericGradient(v) { f(q, k, $0) }, "dv")
}

@Test func embeddingBackwardAddsRowsPerToken() {
  let (vocab, d) = (5, 3)
  let tokens = [2, 0, 2, 4]
  let r = gaussians(tokens.count * d, seed: 17)
  let w = gaussians(vocab * d, seed: 18)
  func f(_ w: [Double]) -> Double {
    var total = 0.0
    for (p, id) in tokens.enumerated() {
      for c in 0..<d { total += r[p * d + c] * w[id * d + c] }
    }
    return total
  }
  var dW = Matrix(rows: vocab, cols: d)
  embeddingBackward(matrix(tokens.count, d, r), tokens: tokens, into: &dW)
  expectClose(dW.data, numericGradient(w, f), "dWte")
  #expect(dW.row(1) == [0, 0, 0])
}

@Test func crossEntropyLossAndGradientMatchFiniteDifferences() {
  let (pos, vocab) = (3, 5)
  let logits = gaussians(pos * vocab, seed: 19, scale: 2)
  let targets: [Int?] = [3, nil, 0]
  func f(_ z: [Double]) -> Double {
    var total = 0.0
    for (p, t) in targets.enumerated() {
      guard let t else { continue }
      let row = Array(z[(p * vocab)..<((p + 1) * vocab)])
      total += log(row.reduce(0.0) { $0 + exp($1) }) - row[t]
    }
    return 0.5 * total
  }
  let ce = crossEntropy(logits: matrix(pos, vocab, logits), targets: targets, weight: 0.5)
  #expect(ce.count == 2)
  #expect(abs(0.5 * ce.loss - f(logits)) < 1e-5)
  expectClose(ce.logitsGradient.data, numericGradient(logits, f), "dLogits")
}
