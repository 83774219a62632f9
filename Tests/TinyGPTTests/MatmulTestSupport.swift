@testable import TinyGPT

/// Test helpers for the matmul tests: deterministic data and independent reference products.
enum MatmulReference {
  /// A `[rows, cols]` matrix of values in [-1, 1) from a fixed linear congruential generator.
  static func matrix(_ rows: Int, _ cols: Int, seed: UInt64) -> Matrix {
    var state = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
    var data = [Float]()
    data.reserveCapacity(rows * cols)
    for _ in 0..<(rows * cols) {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      data.append(Float(Int64(state >> 40) - (1 << 23)) / Float(1 << 23))
    }
    return Matrix(rows: rows, cols: cols, data: data)
  }

  /// `a · b` by the textbook triple loop in Double, and the error bound for each element
  /// (`2 · k · ε · Σ|a·b|` plus a tiny absolute slack).
  static func product(_ a: Matrix, _ b: Matrix) -> (value: [Double], bound: [Double]) {
    var value = [Double](repeating: 0, count: a.rows * b.cols)
    var bound = [Double](repeating: 1e-30, count: a.rows * b.cols)
    let epsilon = Double(Float.ulpOfOne)
    for i in 0..<a.rows {
      for j in 0..<b.cols {
        var sum = 0.0
        var magnitude = 0.0
        for p in 0..<a.cols {
          let term = Double(a[i, p]) * Double(b[p, j])
          sum += term
          magnitude += abs(term)
        }
        value[i * b.cols + j] = sum
        bound[i * b.cols + j] += 2 * Double(a.cols) * epsilon * magnitude
      }
    }
    return (value, bound)
  }

  /// `a · b` in Float as one fused multiply-add chain per element over `p` in increasing order.
  static func fusedChain(_ a: Matrix, _ b: Matrix) -> Matrix {
    var out = Matrix(rows: a.rows, cols: b.cols)
    for i in 0..<a.rows {
      for j in 0..<b.cols {
        var sum: Float = 0
        for p in 0..<a.cols { sum = sum.addingProduct(a[i, p], b[p, j]) }
        out[i, j] = sum
      }
    }
    return out
  }

  /// The index of the first element of `c` outside the reference bound, or nil if none is.
  static func firstMismatch(_ c: Matrix, _ a: Matrix, _ b: Matrix) -> Int? {
    let (value, bound) = product(a, b)
    guard c.rows == a.rows, c.cols == b.cols, c.data.count == value.count else { return -1 }
    return c.data.indices.first { abs(Double(c.data[$0]) - value[$0]) > bound[$0] }
  }

  /// The index of the first element where `x` and `y` differ in any bit, `-1` if their shapes
  /// differ, or nil if they are identical (keeps failure messages short for large matrices).
  static func firstDifference(_ x: Matrix, _ y: Matrix) -> Int? {
    guard x.rows == y.rows, x.cols == y.cols else { return -1 }
    return x.data.indices.first { x.data[$0].bitPattern != y.data[$0].bitPattern }
  }
}
