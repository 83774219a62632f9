import Foundation
import TensorFiles

/// Matrix products used by every layer of the model and by training's backward pass.
///
/// Every product runs on the same engine (Sources/TinyGPT/Kernels): tiny products take a direct
/// loop, products with a few rows of `A` stream `B` once in place, larger ones a packed,
/// cache-blocked 6×16 SIMD micro-kernel spread over threads. Each
/// element of the result is one fixed chain of fused multiply-adds over `k` in increasing order,
/// so results are bit-identical for every thread count and every path.
///
/// Threads: the overloads without `threads:` use one thread for products below
/// ``parallelThreshold`` multiply-adds and ``defaultThreadCount`` above it. The overloads with
/// `threads:` use exactly that many (at least 1; fewer only if the product has fewer column
/// chunks than threads).
extension Matrix {
  /// The thread count for large products (`Parallelism.threadCount`: `TRACER_THREADS` or the
  /// number of active processors).
  public static var defaultThreadCount: Int { Parallelism.threadCount }

  /// Products with fewer multiply-adds (`m · n · k`) than this run on one thread by default,
  /// because dispatching to a second thread costs more than it saves.
  public static let parallelThreshold = 1 << 21

  /// `a · b`. `[m, k] · [k, n] -> [m, n]`
  public static func matmul(_ a: Matrix, _ b: Matrix) -> Matrix {
    matmul(a, b, threads: automaticThreads(a.rows, b.cols, a.cols))
  }

  /// `a · bᵀ`. `[m, k] · [n, k]ᵀ -> [m, n]`
  public static func matmul(_ a: Matrix, transposing b: Matrix) -> Matrix {
    matmul(a, transposing: b, threads: automaticThreads(a.rows, b.rows, a.cols))
  }

  /// `aᵀ · b`. `[k, m]ᵀ · [k, n] -> [m, n]`
  public static func matmul(transposing a: Matrix, _ b: Matrix) -> Matrix {
    matmul(transposing: a, b, threads: automaticThreads(a.cols, b.cols, a.rows))
  }

  /// `a · b` with a pre-packed `b`. `[m, k] · [k, n] -> [m, n]`
  public static func matmul(_ a: Matrix, _ b: PackedMatrix) -> Matrix {
    matmul(a, b, threads: automaticThreads(a.rows, b.cols, a.cols))
  }

  /// `a · b` on `threads` threads. `[m, k] · [k, n] -> [m, n]`
  public static func matmul(_ a: Matrix, _ b: Matrix, threads: Int) -> Matrix {
    precondition(a.cols == b.rows, "matmul: [\(a.rows), \(a.cols)] · [\(b.rows), \(b.cols)]")
    return product(a, transposingA: false, b, transposingB: false, threads: threads)
  }

  /// `a · bᵀ` on `threads` threads. `[m, k] · [n, k]ᵀ -> [m, n]`
  public static func matmul(_ a: Matrix, transposing b: Matrix, threads: Int) -> Matrix {
    precondition(a.cols == b.cols, "matmul: [\(a.rows), \(a.cols)] · [\(b.rows), \(b.cols)]ᵀ")
    return product(a, transposingA: false, b, transposingB: true, threads: threads)
  }

  /// `aᵀ · b` on `threads` threads. `[k, m]ᵀ · [k, n] -> [m, n]`
  public static func matmul(transposing a: Matrix, _ b: Matrix, threads: Int) -> Matrix {
    precondition(a.rows == b.rows, "matmul: [\(a.rows), \(a.cols)]ᵀ · [\(b.rows), \(b.cols)]")
    return product(a, transposingA: true, b, transposingB: false, threads: threads)
  }

  /// `a · b` with a pre-packed `b`, on `threads` threads. `[m, k] · [k, n] -> [m, n]`
  public static func matmul(_ a: Matrix, _ b: PackedMatrix, threads: Int) -> Matrix {
    precondition(a.cols == b.rows, "matmul: [\(a.rows), \(a.cols)] · [\(b.rows), \(b.cols)]")
    let (m, n) = (a.rows, b.cols)
    let data = [Float](unsafeUninitializedCapacity: m * n) { out, initialized in
      a.data.withUnsafeBufferPointer { aBuffer in
        b.panels.withUnsafeBufferPointer { bBuffer in
          guard let c = out.baseAddress, let aBase = aBuffer.baseAddress,
            let bBase = bBuffer.baseAddress
          else {
            out.initialize(repeating: 0)
            return
          }
          let aView = OperandView.rowMajor(aBase, rows: m, columns: a.cols)
          // [m, k] · [k, n] -> [m, n]
          BlockedProduct.multiply(aView, .packed(bBase), columns: n, into: c, threads: threads)
        }
      }
      initialized = m * n
    }
    return Matrix(rows: m, cols: n, data: data)
  }

  /// The thread count the overloads without `threads:` use for an `[m, k] · [k, n]` product.
  static func automaticThreads(_ m: Int, _ n: Int, _ k: Int) -> Int {
    // A product with a few rows of A costs reading B, which a second thread helps with sooner.
    if m <= RowProduct.maxRows && multiplyAdds(1, n, k) >= RowProduct.parallelThreshold {
      return defaultThreadCount
    }
    return threads(forMultiplyAdds: multiplyAdds(m, n, k))
  }

  /// `m · n · k`, saturating at `Int.max` instead of trapping.
  static func multiplyAdds(_ m: Int, _ n: Int, _ k: Int) -> Int {
    let (mn, overflow1) = m.multipliedReportingOverflow(by: n)
    let (mnk, overflow2) = mn.multipliedReportingOverflow(by: k)
    return overflow1 || overflow2 ? Int.max : mnk
  }

  /// Runs one product: the direct path for tiny shapes, the row path for a few rows of `A`
  /// (generation with a cache), the blocked one otherwise.
  private static func product(
    _ a: Matrix, transposingA: Bool, _ b: Matrix, transposingB: Bool, threads: Int
  ) -> Matrix {
    let m = transposingA ? a.cols : a.rows
    let k = transposingA ? a.rows : a.cols
    let n = transposingB ? b.rows : b.cols
    let data = [Float](unsafeUninitializedCapacity: m * n) { out, initialized in
      a.data.withUnsafeBufferPointer { aBuffer in
        b.data.withUnsafeBufferPointer { bBuffer in
          guard let c = out.baseAddress, let aBase = aBuffer.baseAddress,
            let bBase = bBuffer.baseAddress
          else {
            out.initialize(repeating: 0)  // some dimension is zero
            return
          }
          let aView =
            transposingA
            ? OperandView.transposed(aBase, rows: m, columns: k)
            : OperandView.rowMajor(aBase, rows: m, columns: k)
          let bView =
            transposingB
            ? OperandView.transposed(bBase, rows: k, columns: n)
            : OperandView.rowMajor(bBase, rows: k, columns: n)
          // [m, k] · [k, n] -> [m, n]
          if multiplyAdds(m, n, k) <= SmallProduct.maxMultiplyAdds {
            SmallProduct.multiply(aView, bView, into: c)
          } else if RowProduct.suits(rows: m, transposedB: transposingB) {
            RowProduct.multiply(aView, bView, into: c, threads: threads)
          } else {
            BlockedProduct.multiply(aView, .view(bView), columns: n, into: c, threads: threads)
          }
        }
      }
      initialized = m * n
    }
    return Matrix(rows: m, cols: n, data: data)
  }
}
