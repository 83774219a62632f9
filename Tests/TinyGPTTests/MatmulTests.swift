import Testing

@testable import TinyGPT

/// Shapes `(m, k, n)` covering tiles, edges, `k = 1`, several `k` blocks and both code paths.
private let shapes: [(m: Int, k: Int, n: Int)] = [
  (1, 1, 1), (1, 5, 37), (29, 7, 1), (5, 1, 7), (6, 8, 16), (7, 9, 17), (12, 32, 32),
  (1, 300, 64), (100, 40, 1), (13, 300, 33), (17, 513, 19), (70, 130, 50), (3, 2, 700),
]

@Suite struct MatmulTests {
  @Test(arguments: shapes.indices)
  func plainProductMatchesReference(_ index: Int) {
    let (m, k, n) = shapes[index]
    let a = MatmulReference.matrix(m, k, seed: 1)
    let b = MatmulReference.matrix(k, n, seed: 2)
    let c = Matrix.matmul(a, b)
    #expect(c.rows == m && c.cols == n)
    #expect(MatmulReference.firstMismatch(c, a, b) == nil)
    if KernelBuild.fusedMultiplyAdd {
      #expect(MatmulReference.firstDifference(c, MatmulReference.fusedChain(a, b)) == nil)
    }
  }

  @Test(arguments: shapes.indices)
  func transposedBMatchesReference(_ index: Int) {
    let (m, k, n) = shapes[index]
    let a = MatmulReference.matrix(m, k, seed: 3)
    let bT = MatmulReference.matrix(n, k, seed: 4)  // stored as [n, k]
    let c = Matrix.matmul(a, transposing: bT)
    #expect(MatmulReference.firstMismatch(c, a, bT.transposed()) == nil)
    #expect(MatmulReference.firstDifference(c, Matrix.matmul(a, bT.transposed())) == nil)
  }

  @Test(arguments: shapes.indices)
  func transposedAMatchesReference(_ index: Int) {
    let (m, k, n) = shapes[index]
    let aT = MatmulReference.matrix(k, m, seed: 5)  // stored as [k, m]
    let b = MatmulReference.matrix(k, n, seed: 6)
    let c = Matrix.matmul(transposing: aT, b)
    #expect(MatmulReference.firstMismatch(c, aT.transposed(), b) == nil)
    #expect(MatmulReference.firstDifference(c, Matrix.matmul(aT.transposed(), b)) == nil)
  }

  @Test(arguments: shapes.indices)
  func packedProductEqualsPlainProduct(_ index: Int) {
    let (m, k, n) = shapes[index]
    let a = MatmulReference.matrix(m, k, seed: 7)
    let b = MatmulReference.matrix(k, n, seed: 8)
    let packed = PackedMatrix(b)
    #expect(packed.rows == k && packed.cols == n)
    #expect(packed.unpacked() == b)
    #expect(MatmulReference.firstDifference(Matrix.matmul(a, packed), Matrix.matmul(a, b)) == nil)
    #expect(PackedMatrix(transposing: b.transposed()) == packed)
  }

  @Test func threadCountNeverChangesAnyBit() {
    let a = MatmulReference.matrix(70, 130, seed: 9)
    let b = MatmulReference.matrix(130, 50, seed: 10)
    let bT = b.transposed()
    let aT = a.transposed()
    let one = Matrix.matmul(a, b, threads: 1)
    #expect(MatmulReference.firstMismatch(one, a, b) == nil)
    for threads in [2, 3, 7] {
      #expect(MatmulReference.firstDifference(Matrix.matmul(a, b, threads: threads), one) == nil)
      #expect(
        MatmulReference.firstDifference(Matrix.matmul(a, transposing: bT, threads: threads), one)
          == nil)
      #expect(
        MatmulReference.firstDifference(Matrix.matmul(transposing: aT, b, threads: threads), one)
          == nil)
      #expect(
        MatmulReference.firstDifference(Matrix.matmul(a, PackedMatrix(b), threads: threads), one)
          == nil)
    }
  }

  @Test func wideProductSplitAcrossThreadsMatchesOneThread() {
    // 40 column panels, several k blocks: each thread gets several chunks.
    let a = MatmulReference.matrix(9, 300, seed: 11)
    let b = MatmulReference.matrix(300, 640, seed: 12)
    let one = Matrix.matmul(a, b, threads: 1)
    #expect(MatmulReference.firstDifference(Matrix.matmul(a, b, threads: 2), one) == nil)
    #expect(MatmulReference.firstMismatch(one, a, b) == nil)
  }

  @Test func smallAndBlockedPathsAgreeExactly() {
    let a = MatmulReference.matrix(11, 23, seed: 13)
    let b = MatmulReference.matrix(23, 19, seed: 14)
    var small = [Float](repeating: .nan, count: 11 * 19)
    var blocked = [Float](repeating: .nan, count: 11 * 19)
    a.data.withUnsafeBufferPointer { aBuffer in
      b.data.withUnsafeBufferPointer { bBuffer in
        guard let aBase = aBuffer.baseAddress, let bBase = bBuffer.baseAddress else { return }
        let aView = OperandView.rowMajor(aBase, rows: 11, columns: 23)
        let bView = OperandView.rowMajor(bBase, rows: 23, columns: 19)
        small.withUnsafeMutableBufferPointer { out in
          guard let c = out.baseAddress else { return }
          SmallProduct.multiply(aView, bView, into: c)
        }
        blocked.withUnsafeMutableBufferPointer { out in
          guard let c = out.baseAddress else { return }
          BlockedProduct.multiply(aView, .view(bView), columns: 19, into: c, threads: 2)
        }
      }
    }
    #expect(small == blocked)
    #expect(MatmulReference.firstMismatch(Matrix(rows: 11, cols: 19, data: small), a, b) == nil)
  }

  @Test func zeroSizedDimensionsGiveEmptyOrZeroResults() {
    let emptyRows = Matrix.matmul(Matrix(rows: 0, cols: 5), MatmulReference.matrix(5, 3, seed: 1))
    #expect(emptyRows.rows == 0 && emptyRows.cols == 3 && emptyRows.data.isEmpty)
    let emptyCols = Matrix.matmul(MatmulReference.matrix(4, 3, seed: 1), Matrix(rows: 3, cols: 0))
    #expect(emptyCols.rows == 4 && emptyCols.cols == 0 && emptyCols.data.isEmpty)
    let zeroK = Matrix.matmul(Matrix(rows: 30, cols: 0), Matrix(rows: 0, cols: 40), threads: 2)
    #expect(zeroK == Matrix(rows: 30, cols: 40))
    let zeroKTransposed = Matrix.matmul(
      transposing: Matrix(rows: 0, cols: 2), Matrix(rows: 0, cols: 3))
    #expect(zeroKTransposed == Matrix(rows: 2, cols: 3))
    #expect(
      Matrix.matmul(Matrix(rows: 2, cols: 0), PackedMatrix(Matrix(rows: 0, cols: 3)))
        == Matrix(rows: 2, cols: 3))
  }

  @Test func automaticThreadingMatchesOneThread() {
    // 130 · 128 · 130 multiply-adds is above `parallelThreshold`, so `matmul(a, b)` may split.
    let a = MatmulReference.matrix(130, 128, seed: 15)
    let b = MatmulReference.matrix(128, 130, seed: 16)
    #expect(130 * 128 * 130 >= Matrix.parallelThreshold)
    #expect(Matrix.automaticThreads(130, 130, 128) == Matrix.defaultThreadCount)
    #expect(Matrix.automaticThreads(16, 16, 16) == 1)
    let one = Matrix.matmul(a, b, threads: 1)
    #expect(MatmulReference.firstDifference(Matrix.matmul(a, b), one) == nil)
    #expect(MatmulReference.firstDifference(Matrix.matmul(a, b, threads: 0), one) == nil)
    #expect(MatmulReference.firstDifference(Matrix.matmul(a, b, threads: -3), one) == nil)
  }

  @Test func benchmarkReportsTheShapeItTimed() {
    let result = KernelBenchmark.measure(
      m: 7, k: 20, n: 33, operation: .transposingB, threads: 2, repeats: 1)
    #expect(result.m == 7 && result.k == 20 && result.n == 33 && result.threads == 2)
    #expect(result.seconds > 0 && result.gflops.isFinite)
    #expect(result.description.hasPrefix("7x20 · 20x33 transposingB, 2 threads: "))
  }

  @Test func knownSmallProduct() {
    let a = Matrix([[1, 2], [3, 4]])
    let b = Matrix([[5, 6, 7], [8, 9, 10]])
    #expect(Matrix.matmul(a, b) == Matrix([[21, 24, 27], [47, 54, 61]]))
  }
}
