/// The direct product for tiny matrices, where packing and blocking cost more than they save.
///
/// It computes each element with the same chain of fused multiply-adds as ``MicroKernel``
/// (`c = fma(a[i, p], b[p, j], c)` for `p` in increasing order, from zero), so a product gives
/// bit-identical results whichever path computes it.
enum SmallProduct {
  /// Products with at most this many multiply-adds (`m · n · k`) take the direct path.
  ///
  /// Measured (Docs/performance.md): the blocked path already wins at 16×16·16×16 (0.3 µs
  /// against 0.8 µs); the direct path only wins for a handful of rows or columns.
  static let maxMultiplyAdds = 1024

  /// Writes `a · b` into `c` (`[m, n]` row-major, every element overwritten).
  static func multiply(
    _ a: OperandView, _ b: OperandView, into c: UnsafeMutablePointer<Float>
  ) {
    let m = a.rows
    let k = a.columns
    let n = b.columns
    c.update(repeating: 0, count: m * n)
    guard b.columnStride == 1 else {
      // Make rows of `B` contiguous so the inner loop below runs over adjacent memory.
      withUnsafeTemporaryAllocation(of: Float.self, capacity: k * n) { buffer in
        guard let copy = buffer.baseAddress else { return }
        for p in 0..<k {
          for j in 0..<n { copy[p &* n &+ j] = b.base[p &* b.rowStride &+ j &* b.columnStride] }
        }
        multiply(a, .rowMajor(UnsafePointer(copy), rows: k, columns: n), into: c)  // [m, n]
      }
      return
    }
    // i-p-j order: the j loop is a contiguous update of one row of C (vectorised by LLVM).
    for i in 0..<m {
      let row = c + i &* n
      for p in 0..<k {
        let x = a.base[i &* a.rowStride &+ p &* a.columnStride]
        let bRow = b.base + p &* b.rowStride
        for j in 0..<n { row[j] = fusedMultiplyAdd(row[j], x, bRow[j]) }
      }
    }
  }
}
