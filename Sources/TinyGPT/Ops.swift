import Dispatch

// The elementwise and row-wise operations of the model, one small function per concept.

extension Matrix {
  /// Elementwise sum. `[r, c] + [r, c] -> [r, c]`
  public static func + (a: Matrix, b: Matrix) -> Matrix {
    precondition(a.rows == b.rows && a.cols == b.cols, "matrix sum: shapes differ")
    var out = a
    for i in out.data.indices { out.data[i] += b.data[i] }
    return out
  }

  /// Adds `bias` to every row. `[r, c] + [c] -> [r, c]`
  public func addingRowVector(_ bias: [Float]) -> Matrix {
    precondition(bias.count == cols, "bias length differs from the column count")
    var out = self
    for r in 0..<rows {
      for c in 0..<cols { out.data[r * cols + c] += bias[c] }
    }
    return out
  }

  /// Every element multiplied by `s`.
  public func scaled(by s: Float) -> Matrix {
    var out = self
    for i in out.data.indices { out.data[i] *= s }
    return out
  }

  /// Column `c` multiplied by `weights[c]`. `[r, c] * [c] -> [r, c]`
  public func scaledColumns(_ weights: [Float]) -> Matrix {
    precondition(weights.count == cols, "weight length differs from the column count")
    var out = self
    for r in 0..<rows {
      for c in 0..<cols { out.data[r * cols + c] *= weights[c] }
    }
    return out
  }

  /// `f` applied to every element.
  public func map(_ f: (Float) -> Float) -> Matrix {
    Matrix(rows: rows, cols: cols, data: data.map(f))
  }
}

/// Softmax of each row; `-infinity` entries get probability exactly 0. `[r, c] -> [r, c]`
///
/// Rows are independent, so large inputs (the probabilities over a big vocabulary) are split
/// by rows across threads; every row is computed the same way whatever the split.
public func softmaxRows(_ x: Matrix) -> Matrix {
  let (rows, cols) = (x.rows, x.cols)
  let data = [Float](unsafeUninitializedCapacity: rows * cols) { out, initialized in
    x.data.withUnsafeBufferPointer { input in
      guard let source = input.baseAddress, let target = out.baseAddress else { return }
      let job = SoftmaxJob(source: source, target: target, cols: cols)
      let threads = rows * cols >= 1 << 20 ? min(rows, Matrix.defaultThreadCount) : 1
      if threads <= 1 {
        job.run(rows: 0..<rows)
      } else {
        DispatchQueue.concurrentPerform(iterations: threads) { t in
          job.run(rows: (t * rows / threads)..<((t + 1) * rows / threads))
        }
      }
    }
    initialized = rows * cols
  }
  return Matrix(rows: rows, cols: cols, data: data)
}

/// The softmax of a range of rows, reading `source` and writing `target` (disjoint per thread).
private struct SoftmaxJob: @unchecked Sendable {
  let source: UnsafePointer<Float>
  let target: UnsafeMutablePointer<Float>
  let cols: Int

  func run(rows: Range<Int>) {
    for r in rows {
      let x = source + r * cols
      let out = target + r * cols
      var maxValue = -Float.infinity
      for c in 0..<cols { maxValue = max(maxValue, x[c]) }
      var sum: Float = 0
      for c in 0..<cols {
        let e = x[c] == -.infinity ? 0 : _expf(x[c] - maxValue)
        out[c] = e
        sum += e
      }
      for c in 0..<cols { out[c] /= sum }
    }
  }
}

/// The three stages of a LayerNorm, as the walkthrough shows them.
public struct LayerNormOutput: Sendable {
  /// `sqrt(var + eps)` per row. `[pos, 1]`
  public var scale: Matrix
  /// `(x - mean) / scale`, before the weight and bias. `[pos, d_model]`
  public var normalized: Matrix
  /// `normalized * weight + bias`. `[pos, d_model]`
  public var out: Matrix
}

/// LayerNorm over each row (population variance, as PyTorch), in its three stages.
/// `[pos, d] -> [pos, d]`
public func layerNorm(_ x: Matrix, _ p: LayerNormParameters, eps: Float) -> LayerNormOutput {
  let scale = layerNormScale(x, eps: eps)  // [pos, 1]
  let normalized = layerNormCentred(x, scale: scale)  // [pos, d]
  let out = normalized.scaledColumns(p.weight).addingRowVector(p.bias)  // [pos, d]
  return LayerNormOutput(scale: scale, normalized: normalized, out: out)
}

/// The mean of each row. `[pos, d] -> [pos]`
func rowMeans(_ x: Matrix) -> [Float] {
  (0..<x.rows).map { r in
    var mean: Float = 0
    for c in 0..<x.cols { mean += x.data[r * x.cols + c] }
    return mean / Float(x.cols)
  }
}

/// `sqrt(variance + eps)` of each row, the LayerNorm's scale. `[pos, d] -> [pos, 1]`
public func layerNormScale(_ x: Matrix, eps: Float) -> Matrix {
  let means = rowMeans(x)
  var scale = Matrix(rows: x.rows, cols: 1)
  for r in 0..<x.rows {
    var variance: Float = 0
    for c in 0..<x.cols {
      let d = x.data[r * x.cols + c] - means[r]
      variance += d * d
    }
    scale.data[r] = _sqrtf(variance / Float(x.cols) + eps)
  }
  return scale
}

/// `(x − mean) / scale` of each row: mean 0 and variance 1 (before LayerNorm's weight and
/// bias). `[pos, d], [pos, 1] -> [pos, d]`
public func layerNormCentred(_ x: Matrix, scale: Matrix) -> Matrix {
  let means = rowMeans(x)
  var out = x
  for r in 0..<x.rows {
    for c in 0..<x.cols {
      out.data[r * x.cols + c] = (x.data[r * x.cols + c] - means[r]) / scale.data[r]
    }
  }
  return out
}

extension ActivationFunction {
  /// The function applied to one value.
  public func callAsFunction(_ x: Float) -> Float {
    switch self {
    case .relu: return max(0, x)
    case .gelu: return 0.5 * x * (1 + _erff(x / Float(2).squareRoot()))
    case .geluNew:
      let c: Float = 0.797_884_56  // sqrt(2 / pi)
      return 0.5 * x * (1 + _tanhf(c * (x + 0.044715 * x * x * x)))
    }
  }
}

/// The fixed sin/cos positional encoding. `-> [pos, d_model]`
///
/// `PE[p, 2i] = sin(p / 10000^(2i/d))`, `PE[p, 2i+1] = cos(p / 10000^(2i/d))`.
public func sinusoidalEncoding(positions: Int, dModel: Int) -> Matrix {
  var out = Matrix(rows: positions, cols: dModel)
  for p in 0..<positions {
    for i in stride(from: 0, to: dModel, by: 2) {
      let angle = Double(p) / _pow(10000, Double(i) / Double(dModel))
      out[p, i] = Float(_sin(angle))
      if i + 1 < dModel { out[p, i + 1] = Float(_cos(angle)) }
    }
  }
  return out
}
