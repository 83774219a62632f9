import Testing

@testable import TinyGPT

/// The few-rows product path (generation with a cache) gives exactly the fused chains that
/// every other path gives.
@Suite struct RowProductTests {
  /// `(m, k, n)`: one to a few rows, `k` and `n` off multiples of 8 and 16, wide and narrow.
  static let shapes: [(m: Int, k: Int, n: Int)] = [
    (1, 1, 1), (1, 7, 9), (1, 77, 131), (2, 33, 250), (3, 129, 17), (4, 61, 1029),
    (1, 300, 2051), (2, 5, 4103), (4, 19, 8), (3, 1, 45), (1, 250, 7), (5, 9, 1031),
    (6, 45, 77), (7, 33, 19), (8, 130, 300),
  ]

  /// `a · b` as one chain `c = a[i, p] · b[p, j] + c` per element, `p` increasing from zero,
  /// rounded as this build's kernels round (fused unless TRACER_PORTABLE=1).
  static func chain(_ a: Matrix, _ b: Matrix) -> Matrix {
    var out = Matrix(rows: a.rows, cols: b.cols)
    for i in 0..<a.rows {
      for j in 0..<b.cols {
        var sum: Float = 0
        for p in 0..<a.cols {
          sum =
            KernelBuild.fusedMultiplyAdd
            ? sum.addingProduct(a[i, p], b[p, j]) : sum + a[i, p] * b[p, j]
        }
        out[i, j] = sum
      }
    }
    return out
  }

  /// Runs `RowProduct` directly on `a` and `b` (`[k, n]`, or its transpose stored `[n, k]`).
  static func direct(_ a: Matrix, _ b: Matrix, transposed: Bool, threads: Int) -> Matrix {
    let stored = transposed ? b.transposed() : b
    var out = [Float](repeating: .nan, count: a.rows * b.cols)
    a.data.withUnsafeBufferPointer { aBuffer in
      stored.data.withUnsafeBufferPointer { bBuffer in
        out.withUnsafeMutableBufferPointer { cBuffer in
          guard let aBase = aBuffer.baseAddress, let bBase = bBuffer.baseAddress,
            let c = cBuffer.baseAddress
          else { return }
          let aView = OperandView.rowMajor(aBase, rows: a.rows, columns: a.cols)
          let bView =
            transposed
            ? OperandView.transposed(bBase, rows: b.rows, columns: b.cols)
            : OperandView.rowMajor(bBase, rows: b.rows, columns: b.cols)
          RowProduct.multiply(aView, bView, into: c, threads: threads)
        }
      }
    }
    return Matrix(rows: a.rows, cols: b.cols, data: out)
  }

  @Test(arguments: shapes.indices, [1, 2, 3])
  func directPathMatchesTheChainBitForBit(_ index: Int, threads: Int) {
    let (m, k, n) = Self.shapes[index]
    let a = MatmulReference.matrix(m, k, seed: 21)
    let b = MatmulReference.matrix(k, n, seed: 22)
    let expected = Self.chain(a, b)
    for transposed in [false, true] {
      let c = Self.direct(a, b, transposed: transposed, threads: threads)
      #expect(
        MatmulReference.firstDifference(c, expected) == nil,
        "\(m)x\(k)·\(k)x\(n), transposed \(transposed), \(threads) threads")
    }
  }

  @Test(arguments: shapes.indices)
  func matmulOverloadsMatchTheChainBitForBit(_ index: Int) {
    let (m, k, n) = Self.shapes[index]
    let a = MatmulReference.matrix(m, k, seed: 23)
    let b = MatmulReference.matrix(k, n, seed: 24)
    let expected = Self.chain(a, b)
    #expect(MatmulReference.firstMismatch(expected, a, b) == nil)
    for threads in [1, 2] {
      let plain = Matrix.matmul(a, b, threads: threads)
      let transposingB = Matrix.matmul(a, transposing: b.transposed(), threads: threads)
      let transposingA = Matrix.matmul(transposing: a.transposed(), b, threads: threads)
      #expect(MatmulReference.firstDifference(plain, expected) == nil)
      #expect(MatmulReference.firstDifference(transposingB, expected) == nil)
      #expect(MatmulReference.firstDifference(transposingA, expected) == nil)
    }
    #expect(MatmulReference.firstDifference(Matrix.matmul(a, b), expected) == nil)
    #expect(MatmulReference.firstDifference(Matrix.matmul(a, PackedMatrix(b)), expected) == nil)
  }

  @Test func rowsPastTheLimitTakeTheBlockedPathWithTheSameBits() {
    // The same rows computed a few at a time (this path) and all at once (blocked).
    let a = MatmulReference.matrix(13, 70, seed: 25)
    let b = MatmulReference.matrix(70, 300, seed: 26)
    let all = Matrix.matmul(a, b, threads: 2)
    for first in stride(from: 0, to: 13, by: RowProduct.maxRows) {
      let rows = first..<min(13, first + RowProduct.maxRows)
      let few = Matrix.matmul(a.rows(rows), b, threads: 2)
      #expect(MatmulReference.firstDifference(few, all.rows(rows)) == nil)
    }
  }

  @Test func zeroInnerDimensionGivesZeros() {
    let c = Matrix.matmul(Matrix(rows: 2, cols: 0), Matrix(rows: 0, cols: 3000), threads: 2)
    #expect(c == Matrix(rows: 2, cols: 3000))
  }
}
