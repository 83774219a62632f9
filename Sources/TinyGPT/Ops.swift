// The elementwise and row-wise operations of the model, one small function per concept.

// The operations below consume the matrix they change: a temporary (a product's result) is
// updated in its own storage instead of copied first. Each element's arithmetic is the same.
extension Matrix {
  /// Elementwise sum. `[r, c] + [r, c] -> [r, c]`
  public static func + (a: consuming Matrix, b: Matrix) -> Matrix {
    precondition(a.rows == b.rows && a.cols == b.cols, "matrix sum: shapes differ")
    a.data.withUnsafeMutableBufferPointer { out in
      b.data.withUnsafeBufferPointer { b in
        for i in out.indices { out[i] += b[i] }
      }
    }
    return a
  }

  /// Adds `bias` to every row. `[r, c] + [c] -> [r, c]`
  public consuming func addingRowVector(_ bias: [Float]) -> Matrix {
    precondition(bias.count == cols, "bias length differs from the column count")
    forEachRow(with: bias) { row, bias, c in row[c] += bias[c] }
    return self
  }

  /// Every element multiplied by `s`.
  public consuming func scaled(by s: Float) -> Matrix {
    data.withUnsafeMutableBufferPointer { out in
      for i in out.indices { out[i] *= s }
    }
    return self
  }

  /// Column `c` multiplied by `weights[c]`. `[r, c] * [c] -> [r, c]`
  public consuming func scaledColumns(_ weights: [Float]) -> Matrix {
    precondition(weights.count == cols, "weight length differs from the column count")
    forEachRow(with: weights) { row, weights, c in row[c] *= weights[c] }
    return self
  }

  /// Runs `update(row, vector, c)` for every column `c` of every row, in place: the loop of
  /// the row-vector operations above, written once over raw storage so it vectorises.
  @inline(__always)
  private mutating func forEachRow(
    with vector: [Float],
    _ update: (UnsafeMutablePointer<Float>, UnsafePointer<Float>, Int) -> Void
  ) {
    let (rows, cols) = (self.rows, self.cols)
    data.withUnsafeMutableBufferPointer { out in
      vector.withUnsafeBufferPointer { vector in
        guard let base = out.baseAddress, let vector = vector.baseAddress else { return }
        for r in 0..<rows {
          let row = base + r * cols
          for c in 0..<cols { update(row, vector, c) }
        }
      }
    }
  }

  /// `f` applied to every element.
  public func map(_ f: (Float) -> Float) -> Matrix {
    Matrix(rows: rows, cols: cols, data: data.map(f))
  }

  /// `f` applied to every element, large matrices split by rows across threads (each element
  /// is computed the same way whatever the split, so the bits never change).
  public func parallelMap(_ f: (Float) -> Float) -> Matrix {
    let threads = data.count >= 1 << 16 ? Matrix.defaultThreadCount : 1
    let cols = self.cols
    return Matrix(rows: rows, cols: cols) { target in
      data.withUnsafeBufferPointer { source in
        inParallel(rows, threads: threads) { part in
          for i in (part.lowerBound * cols)..<(part.upperBound * cols) { target[i] = f(source[i]) }
        }
      }
    }
  }
}

/// Softmax of each row; `-infinity` entries get probability exactly 0. `[r, c] -> [r, c]`
///
/// Rows are independent, so large inputs (the attention pattern of every head, the
/// probabilities over a big vocabulary) are split by rows across `threads` threads (by default
/// ``Matrix/defaultThreadCount`` from ``softmaxParallelElements`` elements on); every row is
/// computed the same way whatever the split.
public func softmaxRows(_ x: Matrix, threads: Int? = nil) -> Matrix {
  let (rows, cols) = (x.rows, x.cols)
  let threads = threads ?? (rows * cols >= softmaxParallelElements ? Matrix.defaultThreadCount : 1)
  return Matrix(rows: rows, cols: cols) { target in
    x.data.withUnsafeBufferPointer { input in
      guard let source = input.baseAddress else { return }
      let job = SoftmaxJob(source: source, target: target, cols: cols)
      inParallel(rows, threads: threads) { job.run(rows: $0) }
    }
  }
}

/// Softmax inputs with at least this many elements use every thread by default (the attention
/// pattern of 12 heads over 128 tokens has 196,608).
let softmaxParallelElements = 1 << 14

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
