import Foundation
import TinyGPT

// The backward of each forward operation, one small function per op, mirroring Ops.swift and
// Model+Attention.swift. `dX` is always ∂loss/∂X, with the shape of X.

/// The gradients of a linear layer `y = x · W + b`.
public struct LinearGradients: Sendable {
  /// `[pos, in]`
  public var input: Matrix
  /// `[in, out]`
  public var weight: Matrix
  /// `[out]`
  public var bias: [Float]
}

/// Backward of `y = x · W + b` given `dY`. `[pos, out] -> [pos, in], [in, out], [out]`
public func linearBackward(_ dY: Matrix, input x: Matrix, weight w: Matrix) -> LinearGradients {
  let dX = Matrix.matmul(dY, transposing: w)  // [pos, out] · [in, out]ᵀ -> [pos, in]
  let dW = Matrix.matmul(transposing: x, dY)  // [pos, in]ᵀ · [pos, out] -> [in, out]
  return LinearGradients(input: dX, weight: dW, bias: columnSums(dY))  // bias: [out]
}

/// The sum of each column. `[r, c] -> [c]`
public func columnSums(_ m: Matrix) -> [Float] {
  var sums = [Float](repeating: 0, count: m.cols)
  for r in 0..<m.rows {
    for c in 0..<m.cols { sums[c] += m.data[r * m.cols + c] }
  }
  return sums
}

/// The gradients of a LayerNorm.
public struct LayerNormGradients: Sendable {
  /// `[pos, d]`
  public var input: Matrix
  /// `[d]`
  public var weight: [Float]
  /// `[d]`
  public var bias: [Float]
}

/// Backward of `y = (x - mean) / sqrt(var + eps) * w + b` per row, from the forward's recorded
/// `normalized` and `scale`. `[pos, d] -> [pos, d], [d], [d]`
///
/// With `n` the normalized row and `g = dY * w`:
/// `dX = (g - mean(g) - n * mean(g * n)) / scale`.
public func layerNormBackward(
  _ dY: Matrix, normalized n: Matrix, scale: Matrix, weight w: [Float]
) -> LayerNormGradients {
  let (rows, cols) = (dY.rows, dY.cols)
  var dX = Matrix(rows: rows, cols: cols)
  var dW = [Float](repeating: 0, count: cols)
  var dB = [Float](repeating: 0, count: cols)
  var g = [Float](repeating: 0, count: cols)
  for r in 0..<rows {
    let base = r * cols
    var meanG: Float = 0
    var meanGN: Float = 0
    for c in 0..<cols {
      let dy = dY.data[base + c]
      dW[c] += dy * n.data[base + c]
      dB[c] += dy
      g[c] = dy * w[c]
      meanG += g[c]
      meanGN += g[c] * n.data[base + c]
    }
    meanG /= Float(cols)
    meanGN /= Float(cols)
    let s = scale.data[r]
    for c in 0..<cols { dX.data[base + c] = (g[c] - meanG - n.data[base + c] * meanGN) / s }
  }
  return LayerNormGradients(input: dX, weight: dW, bias: dB)
}

/// Backward of a row softmax from its output `p`: `dX = p * (dP - Σ dP * p)` per row.
/// Masked entries (`p == 0`) get gradient 0. `[r, c] -> [r, c]`
public func softmaxBackward(_ dP: Matrix, probabilities p: Matrix) -> Matrix {
  var dX = Matrix(rows: p.rows, cols: p.cols)
  for r in 0..<p.rows {
    let base = r * p.cols
    var dot: Float = 0
    for c in 0..<p.cols { dot += dP.data[base + c] * p.data[base + c] }
    for c in 0..<p.cols { dX.data[base + c] = p.data[base + c] * (dP.data[base + c] - dot) }
  }
  return dX
}

/// The derivative of ReLU: 1 where `x > 0`, else 0.
public func reluBackward(_ x: Float) -> Float { x > 0 ? 1 : 0 }

/// The derivative of exact GELU `x Φ(x)`: `Φ(x) + x φ(x)`.
public func geluBackward(_ x: Float) -> Float {
  let cdf = 0.5 * (1 + erff(x / Float(2).squareRoot()))
  let pdf = expf(-0.5 * x * x) / Float(2 * Float.pi).squareRoot()
  return cdf + x * pdf
}

/// The derivative of GPT-2's tanh GELU `0.5 x (1 + tanh(c (x + 0.044715 x³)))`.
public func geluNewBackward(_ x: Float) -> Float {
  let c: Float = 0.797_884_56  // sqrt(2 / pi)
  let t = tanhf(c * (x + 0.044715 * x * x * x))
  return 0.5 * (1 + t) + 0.5 * x * (1 - t * t) * c * (1 + 3 * 0.044715 * x * x)
}

extension ActivationFunction {
  /// The derivative of the function at `x`.
  public func derivative(_ x: Float) -> Float {
    switch self {
    case .relu: reluBackward(x)
    case .gelu: geluBackward(x)
    case .geluNew: geluNewBackward(x)
    }
  }
}

/// Backward of `post = act(pre)` elementwise. `[pos, d_mlp] -> [pos, d_mlp]`
public func activationBackward(
  _ dPost: Matrix, pre: Matrix, function: ActivationFunction
) -> Matrix {
  var dPre = dPost
  for i in dPre.data.indices { dPre.data[i] *= function.derivative(pre.data[i]) }
  return dPre
}

/// Backward of the embedding lookup: adds row `p` of `dEmbed` into row `tokens[p]` of `dW`.
/// `[pos, d_model] -> [d_vocab, d_model]` (accumulated)
public func embeddingBackward(_ dEmbed: Matrix, tokens: [Int], into dW: inout Matrix) {
  for (p, id) in tokens.enumerated() {
    for c in 0..<dEmbed.cols { dW[id, c] += dEmbed[p, c] }
  }
}

/// The summed next-token cross-entropy of some positions and its gradient.
public struct CrossEntropy: Sendable {
  /// `Σ -log softmax(logits[p])[target[p]]` over the positions with a target (in Double).
  public var loss: Double
  /// `∂(weight · loss)/∂logits`. `[pos, d_vocab]`
  public var logitsGradient: Matrix
  /// How many positions had a target.
  public var count: Int
}

/// Cross-entropy of `logits` against `targets` (`nil`: no loss at that position), with the
/// gradient of `weight · loss`: `weight · (softmax - onehot)` on target rows, 0 elsewhere.
/// `[pos, d_vocab] -> [pos, d_vocab]`
public func crossEntropy(logits: Matrix, targets: [Int?], weight: Float = 1) -> CrossEntropy {
  let probabilities = softmaxRows(logits)
  var gradient = Matrix(rows: logits.rows, cols: logits.cols)
  var loss = 0.0
  var count = 0
  for (p, target) in targets.enumerated() {
    guard let target else { continue }
    let row = logits.row(p)
    let maxValue = Double(row.max() ?? 0)
    let logSum = log(row.reduce(0.0) { $0 + exp(Double($1) - maxValue) }) + maxValue
    loss += logSum - Double(row[target])
    count += 1
    for c in 0..<logits.cols {
      let onehot: Float = c == target ? 1 : 0
      gradient[p, c] = weight * (probabilities[p, c] - onehot)
    }
  }
  return CrossEntropy(loss: loss, logitsGradient: gradient, count: count)
}
