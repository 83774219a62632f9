/// Measures matrix-product throughput, for `tracer bench` and Docs/performance.md.
public enum KernelBenchmark {
  /// Which of the product functions to time.
  public enum Operation: String, CaseIterable, Sendable {
    /// `matmul(a, b)`.
    case plain
    /// `matmul(a, transposing: b)`, as for logits from a `[d_vocab, d_model]` matrix.
    case transposingB
    /// `matmul(transposing: a, b)`, as in the backward pass for weight gradients.
    case transposingA
    /// `matmul(a, packedB)` with `b` packed once beforehand (packing not timed).
    case prepacked
  }

  /// The outcome of one measurement.
  public struct Result: Sendable, CustomStringConvertible {
    /// Rows of the product.
    public let m: Int
    /// Inner dimension.
    public let k: Int
    /// Columns of the product.
    public let n: Int
    /// The function timed.
    public let operation: Operation
    /// Threads requested.
    public let threads: Int
    /// The fastest of the timed repeats, in seconds.
    public let seconds: Double

    /// Billions of floating-point operations per second, counting `2 · m · k · n` per product.
    public var gflops: Double { 2 * Double(m) * Double(k) * Double(n) / seconds / 1e9 }

    /// One line such as `128x768 · 768x3072 plain, 2 threads: 4.21 ms, 143.4 GFLOP/s`.
    public var description: String {
      let ms = (seconds * 1e5).rounded() / 1e2
      let rate = (gflops * 10).rounded() / 10
      let plural = threads == 1 ? "" : "s"
      return "\(m)x\(k) · \(k)x\(n) \(operation.rawValue), \(threads) thread\(plural): "
        + "\(ms) ms, \(rate) GFLOP/s"
    }
  }

  /// Times `[m, k] · [k, n]` products on `threads` threads and keeps the fastest of `repeats`.
  ///
  /// One untimed warm-up product runs first. Inputs are fixed pseudo-random values, so the work
  /// is the same on every run.
  public static func measure(
    m: Int, k: Int, n: Int, operation: Operation = .plain, threads: Int, repeats: Int = 5
  ) -> Result {
    let a = sample(
      rows: operation == .transposingA ? k : m, cols: operation == .transposingA ? m : k)
    let b = sample(
      rows: operation == .transposingB ? n : k, cols: operation == .transposingB ? k : n)
    let packed = operation == .prepacked ? PackedMatrix(b) : PackedMatrix(Matrix(rows: 0, cols: 0))
    let product: () -> Matrix = {
      switch operation {
      case .plain: return Matrix.matmul(a, b, threads: threads)
      case .transposingB: return Matrix.matmul(a, transposing: b, threads: threads)
      case .transposingA: return Matrix.matmul(transposing: a, b, threads: threads)
      case .prepacked: return Matrix.matmul(a, packed, threads: threads)
      }
    }
    _ = product()
    var best = Double.infinity
    let clock = ContinuousClock()
    for _ in 0..<max(1, repeats) {
      let elapsed = clock.measure { _ = product() }
      let components = elapsed.components
      best = min(best, Double(components.seconds) + Double(components.attoseconds) * 1e-18)
    }
    return Result(m: m, k: k, n: n, operation: operation, threads: threads, seconds: best)
  }

  /// A `[rows, cols]` matrix of values in [-1, 1) from a fixed linear congruential generator.
  private static func sample(rows: Int, cols: Int) -> Matrix {
    var state: UInt64 = 0x2545_F491_4F6C_DD1D
    let data = (0..<(rows * cols)).map { _ -> Float in
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Float(Int64(state >> 40) - (1 << 23)) / Float(1 << 23)
    }
    return Matrix(rows: rows, cols: cols, data: data)
  }
}
