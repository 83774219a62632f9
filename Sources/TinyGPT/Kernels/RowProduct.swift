/// The product for a few rows of `A`, as in generation with a key/value cache: `C = A · B`.
///
/// With one new token per step, every product is `[1, k] · [k, n]`, and its cost is reading
/// `B` (the weights) from memory once. Packing `B` into panels, as ``BlockedProduct`` does,
/// would copy all of it first; this path reads it in place, once, and spreads the columns of
/// `C` over threads:
/// - `B` row-major (`[k, n]`): for each `p` in increasing order, a chunk of row `p` of `B` is
///   streamed and `c[i, j] = fma(a[i, p], b[p, j], c[i, j])` updates a chunk of each row of `C`
///   held in L1, 8 columns per SIMD step.
/// - `B` transposed (stored `[n, k]`, as the unembedding): each `c[i, j]` is a dot product of
///   two contiguous rows; eight columns run as eight independent scalar chains so the
///   multiply-add latency is hidden (the loop is bound by memory anyway).
///
/// Every element is still the one chain `c = fma(a[i, p], b[p, j], c)` over `p` in increasing
/// order from zero, as in ``MicroKernel`` and ``SmallProduct``, so the result is bit-identical
/// to the other paths for any thread count.
enum RowProduct {
  /// Products with at most this many rows of `A` and a row-major `B` take this path.
  ///
  /// Measured against ``BlockedProduct`` on GPT-2-small shapes (Docs/performance.md): this path
  /// is 2-5x faster at one row and still ahead at 8 (the blocked path's 6-row tiles are half
  /// empty there).
  static let maxRows = 8
  /// The same limit for a transposed `B`: one row (at two rows the paths are about even).
  static let maxRowsTransposed = 1
  /// Products on this path whose `B` has at least this many elements (1 MB) use every thread
  /// by default (``Matrix/automaticThreads(_:_:_:)``): each thread then reads its own columns.
  static let parallelThreshold = 1 << 18
  /// Floats of `C` per chunk (all rows together): 16 KB, half of L1. One row of `C` up to 4096
  /// columns is one chunk, so each step reads whole rows of `B` (measured: 23 GB/s against 18
  /// with half rows, one thread, `B` from memory).
  static let chunkFloats = 4096
  /// Columns of `C` handled together in the transposed case, one chain each.
  static let chains = 8

  /// Whether an `[m, k] · [k, n]` product is cheaper here than in ``BlockedProduct``.
  static func suits(rows m: Int, transposedB: Bool) -> Bool {
    m <= (transposedB ? maxRowsTransposed : maxRows)
  }

  /// Writes `a · b` into `c` (`[m, n]` row-major, every element overwritten) on up to
  /// `threads` threads, each owning a contiguous run of columns.
  ///
  /// `b` must describe a `[a.columns, n]` matrix, either row-major or transposed.
  static func multiply(
    _ a: OperandView, _ b: OperandView, into c: UnsafeMutablePointer<Float>, threads: Int
  ) {
    let (m, k, n) = (a.rows, a.columns, b.columns)
    guard m > 0, n > 0 else { return }
    guard k > 0 else {
      c.update(repeating: 0, count: m * n)
      return
    }
    // A is small (m · k floats): make its rows contiguous once.
    let rowsOfA = UnsafeMutablePointer<Float>.allocate(capacity: m * k)
    defer { rowsOfA.deallocate() }
    for i in 0..<m {
      for p in 0..<k { rowsOfA[i &* k &+ p] = a.base[i &* a.rowStride &+ p &* a.columnStride] }
    }
    let job = Job(a: UnsafePointer(rowsOfA), m: m, k: k, n: n, b: b, c: c)
    // Threads take runs of whole 8-column groups, so SIMD steps never straddle two threads.
    let groups = (n + 7) / 8
    inParallel(groups, threads: threads) { part in
      job.run(columns: min(n, part.lowerBound * 8)..<min(n, part.upperBound * 8))
    }
  }

  /// One product's shared, read-only description; threads write disjoint columns of `c`.
  private struct Job: @unchecked Sendable {
    /// `[m, k]`, rows contiguous.
    let a: UnsafePointer<Float>
    let m: Int
    let k: Int
    let n: Int
    let b: OperandView
    let c: UnsafeMutablePointer<Float>

    /// Computes the columns `columns` of every row of `C`.
    func run(columns: Range<Int>) {
      guard !columns.isEmpty else { return }
      if b.columnStride == 1 {
        runRowMajor(columns)
      } else {
        precondition(b.rowStride == 1, "RowProduct: B must be row-major or transposed")
        runTransposed(columns)
      }
    }

    /// `B` with contiguous rows: stream rows of `B` into chunks of `C` held in L1, four steps
    /// of `p` per pass over a chunk (one load and one store of `C` per four multiply-adds).
    private func runRowMajor(_ columns: Range<Int>) {
      // Chunks of at most `chunkFloats` floats of C (all rows), of near-equal widths.
      let limit = max(8, (chunkFloats / m) & ~7)
      let chunkCount = (columns.count + limit - 1) / limit
      let width = ((columns.count + chunkCount - 1) / chunkCount + 7) & ~7
      let ldb = b.rowStride
      var start = columns.lowerBound
      while start < columns.upperBound {
        let count = min(width, columns.upperBound - start)
        let vectorCount = count & ~7
        for i in 0..<m { (c + (i &* n &+ start)).update(repeating: 0, count: count) }
        var p = 0
        while p + 4 <= k {
          let b0 = b.base + (p &* ldb &+ start)
          let (b1, b2, b3) = (b0 + ldb, b0 + 2 &* ldb, b0 + 3 &* ldb)
          for i in 0..<m {
            let x = a + (i &* k &+ p)
            let (x0, x1, x2, x3) = (x[0], x[1], x[2], x[3])
            let (v0, v1) = (SIMD8<Float>(repeating: x0), SIMD8<Float>(repeating: x1))
            let (v2, v3) = (SIMD8<Float>(repeating: x2), SIMD8<Float>(repeating: x3))
            let row = c + (i &* n &+ start)
            var j = 0
            while j < vectorCount {
              var acc = MicroKernel.load(row + j)
              acc = fusedMultiplyAdd(acc, v0, MicroKernel.load(b0 + j))
              acc = fusedMultiplyAdd(acc, v1, MicroKernel.load(b1 + j))
              acc = fusedMultiplyAdd(acc, v2, MicroKernel.load(b2 + j))
              acc = fusedMultiplyAdd(acc, v3, MicroKernel.load(b3 + j))
              MicroKernel.store(acc, row + j)
              j &+= 8
            }
            while j < count {
              var acc = row[j]
              acc = fusedMultiplyAdd(acc, x0, b0[j])
              acc = fusedMultiplyAdd(acc, x1, b1[j])
              acc = fusedMultiplyAdd(acc, x2, b2[j])
              acc = fusedMultiplyAdd(acc, x3, b3[j])
              row[j] = acc
              j &+= 1
            }
          }
          p &+= 4
        }
        while p < k {
          let b0 = b.base + (p &* ldb &+ start)
          for i in 0..<m {
            let x0 = a[i &* k &+ p]
            let v0 = SIMD8<Float>(repeating: x0)
            let row = c + (i &* n &+ start)
            var j = 0
            while j < vectorCount {
              MicroKernel.store(
                fusedMultiplyAdd(MicroKernel.load(row + j), v0, MicroKernel.load(b0 + j)), row + j)
              j &+= 8
            }
            while j < count {
              row[j] = fusedMultiplyAdd(row[j], x0, b0[j])
              j &+= 1
            }
          }
          p &+= 1
        }
        start += count
      }
    }

    /// `B` stored `[n, k]`: each element is a dot product of a row of `A` and a row of the
    /// storage, eight columns at a time as independent chains.
    private func runTransposed(_ columns: Range<Int>) {
      let step = b.columnStride  // floats between columns of B (rows of the storage)
      var j = columns.lowerBound
      while j + chains <= columns.upperBound {
        let r0 = b.base + j &* step
        let (r1, r2, r3) = (r0 + step, r0 + 2 &* step, r0 + 3 &* step)
        let (r4, r5, r6) = (r0 + 4 &* step, r0 + 5 &* step, r0 + 6 &* step)
        let r7 = r0 + 7 &* step
        for i in 0..<m {
          let row = a + i &* k
          var (s0, s1, s2, s3): (Float, Float, Float, Float) = (0, 0, 0, 0)
          var (s4, s5, s6, s7): (Float, Float, Float, Float) = (0, 0, 0, 0)
          for p in 0..<k {
            let x = row[p]
            s0 = fusedMultiplyAdd(s0, x, r0[p])
            s1 = fusedMultiplyAdd(s1, x, r1[p])
            s2 = fusedMultiplyAdd(s2, x, r2[p])
            s3 = fusedMultiplyAdd(s3, x, r3[p])
            s4 = fusedMultiplyAdd(s4, x, r4[p])
            s5 = fusedMultiplyAdd(s5, x, r5[p])
            s6 = fusedMultiplyAdd(s6, x, r6[p])
            s7 = fusedMultiplyAdd(s7, x, r7[p])
          }
          let out = c + (i &* n &+ j)
          (out[0], out[1], out[2], out[3]) = (s0, s1, s2, s3)
          (out[4], out[5], out[6], out[7]) = (s4, s5, s6, s7)
        }
        j += chains
      }
      while j < columns.upperBound {
        let column = b.base + j &* step
        for i in 0..<m {
          let row = a + i &* k
          var s: Float = 0
          for p in 0..<k { s = fusedMultiplyAdd(s, row[p], column[p]) }
          c[i &* n &+ j] = s
        }
        j += 1
      }
    }
  }
}
