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
  let means = rowMeans(x)  // [pos]
  let scale = layerNormScale(x, means: means, eps: eps)  // [pos, 1]
  let normalized = layerNormCentred(x, means: means, scale: scale)  // [pos, d]
  let out = normalized.scaledColumns(p.weight).addingRowVector(p.bias)  // [pos, d]
  return LayerNormOutput(scale: scale, normalized: normalized, out: out)
}

/// The mean of each row. `[pos, d] -> [pos]`
func rowMeans(_ x: Matrix) -> [Float] {
  rowSums(x).map { $0 / Float(x.cols) }
}

/// `sqrt(variance + eps)` of each row, the LayerNorm's scale. `[pos, d] -> [pos, 1]`
public func layerNormScale(_ x: Matrix, eps: Float) -> Matrix {
  layerNormScale(x, means: rowMeans(x), eps: eps)
}

/// `sqrt(variance + eps)` of each row, around the given row means. `[pos, d], [pos] -> [pos, 1]`
func layerNormScale(_ x: Matrix, means: [Float], eps: Float) -> Matrix {
  let squares = rowSums(x, squaredDeviationsFrom: means)
  return Matrix(rows: x.rows, cols: 1, data: squares.map { _sqrtf($0 / Float(x.cols) + eps) })
}

/// `(x − mean) / scale` of each row: mean 0 and variance 1 (before LayerNorm's weight and
/// bias). `[pos, d], [pos, 1] -> [pos, d]`
public func layerNormCentred(_ x: Matrix, scale: Matrix) -> Matrix {
  layerNormCentred(x, means: rowMeans(x), scale: scale)
}

/// `(x − mean) / scale` of each row, with the row means given.
/// `[pos, d], [pos], [pos, 1] -> [pos, d]`
func layerNormCentred(_ x: Matrix, means: [Float], scale: Matrix) -> Matrix {
  let (rows, cols) = (x.rows, x.cols)
  return Matrix(rows: rows, cols: cols) { out in
    x.data.withUnsafeBufferPointer { x in
      guard let x = x.baseAddress else { return }
      for r in 0..<rows {
        let (mean, s) = (means[r], scale.data[r])
        let (row, target) = (x + r * cols, out + r * cols)
        for c in 0..<cols { target[c] = (row[c] - mean) / s }
      }
    }
  }
}

/// The sum of each row, or with `means` the sum of its squared deviations `(x - mean)²`.
/// `[pos, d] -> [pos]`
///
/// Eight rows run side by side, one per SIMD lane: each lane adds its own row's terms in
/// increasing column order from 0, exactly as a loop over that row alone would, so the eight
/// chains of additions only overlap in time.
private func rowSums(_ x: Matrix, squaredDeviationsFrom means: [Float]? = nil) -> [Float] {
  let (rows, cols) = (x.rows, x.cols)
  var sums = [Float](repeating: 0, count: rows)
  x.data.withUnsafeBufferPointer { data in
    guard let base = data.baseAddress else { return }
    for first in stride(from: 0, to: rows, by: 8) {
      let count = min(8, rows - first)
      let centre = means.map { lanes(of: $0, from: first) }
      var sum = SIMD8<Float>()
      for c in 0..<cols {
        var values = SIMD8<Float>()  // column c of rows first..<first + count
        for lane in 0..<count { values[lane] = base[(first + lane) * cols + c] }
        if let centre {
          let d = values - centre
          sum += d * d
        } else {
          sum += values
        }
      }
      for lane in 0..<count { sums[first + lane] = sum[lane] }
    }
  }
  return sums
}

/// Eight values of `vector` from `first` on, 0 past its end.
@inline(__always)
private func lanes(of vector: [Float], from first: Int) -> SIMD8<Float> {
  var out = SIMD8<Float>()
  for lane in 0..<min(8, vector.count - first) { out[lane] = vector[first + lane] }
  return out
}
