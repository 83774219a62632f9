import Dispatch

/// Runs `body` on `threads` contiguous, disjoint parts of `0..<count` at once, or on the whole
/// range on the calling thread when one thread is asked for (or `count` is below 2).
///
/// `body` must only write what its part owns (rows of an output, heads of a result). Every
/// element is then computed the same way whatever the split, so the bits never depend on
/// `threads`.
func inParallel(_ count: Int, threads: Int, _ body: (Range<Int>) -> Void) {
  let threads = min(threads, count)
  guard threads > 1 else {
    body(0..<count)
    return
  }
  withoutActuallyEscaping(body) { body in
    let job = PartsJob(body: body)
    DispatchQueue.concurrentPerform(iterations: threads) { t in
      job.body((t * count / threads)..<((t + 1) * count / threads))
    }
  }
}

/// The shared description of one `inParallel` call; parts write disjoint outputs.
private struct PartsJob: @unchecked Sendable {
  let body: (Range<Int>) -> Void
}

extension Matrix {
  /// A `[rows, cols]` matrix whose every element `fill` writes through a pointer to its
  /// row-major storage.
  init(rows: Int, cols: Int, writing fill: (UnsafeMutablePointer<Float>) -> Void) {
    let data = [Float](unsafeUninitializedCapacity: rows * cols) { buffer, initialized in
      if let base = buffer.baseAddress { fill(base) }
      initialized = rows * cols
    }
    self.init(rows: rows, cols: cols, data: data)
  }

  /// Copies the matrix into `target`, row `r` starting at `target + r * rowStride` (a block of
  /// a wider matrix). `[rows, cols] -> target`
  func copy(into target: UnsafeMutablePointer<Float>, rowStride: Int) {
    data.withUnsafeBufferPointer { source in
      guard let source = source.baseAddress else { return }
      for r in 0..<rows {
        (target + r * rowStride).update(from: source + r * cols, count: cols)
      }
    }
  }

  /// `n` blocks `[rows, cols]` one under the other, block `i` made by `block(i)`; the blocks
  /// are made on `threads` threads. `n × [rows, cols] -> [n · rows, cols]`
  static func stacking(
    _ n: Int, rows: Int, cols: Int, threads: Int, _ block: (Int) -> Matrix
  ) -> Matrix {
    Matrix(rows: n * rows, cols: cols) { out in
      inParallel(n, threads: threads) { part in
        for i in part {
          let value = block(i)
          precondition(value.rows == rows && value.cols == cols, "stacking: block shape")
          value.copy(into: out + i * rows * cols, rowStride: cols)
        }
      }
    }
  }

  /// `n` blocks `[rows, cols]` side by side, block `i` made by `block(i)`; the blocks are made
  /// on `threads` threads. `n × [rows, cols] -> [rows, n · cols]`
  static func sideBySide(
    _ n: Int, rows: Int, cols: Int, threads: Int, _ block: (Int) -> Matrix
  ) -> Matrix {
    Matrix(rows: rows, cols: n * cols) { out in
      inParallel(n, threads: threads) { part in
        for i in part {
          let value = block(i)
          precondition(value.rows == rows && value.cols == cols, "sideBySide: block shape")
          value.copy(into: out + i * cols, rowStride: n * cols)
        }
      }
    }
  }

  /// The thread count for work of `multiplyAdds` split into independent parts (heads, rows):
  /// one thread below ``parallelThreshold``, ``defaultThreadCount`` above it.
  static func threads(forMultiplyAdds multiplyAdds: Int) -> Int {
    multiplyAdds < parallelThreshold ? 1 : defaultThreadCount
  }
}
