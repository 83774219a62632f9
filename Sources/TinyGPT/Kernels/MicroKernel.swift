/// The 6×16 register-blocked micro-kernel: the hot loop of every matrix product.
///
/// One call computes a 6-row by 16-column tile of `C` from a packed 6-row panel of `A` and a
/// packed 16-column panel of `B`, both `kLength` long. The tile lives in twelve `SIMD8<Float>`
/// accumulators (6 rows × 2 vectors of 8 columns), which with the two `B` vectors and one
/// broadcast `A` value fits the 16 AVX2 `ymm` registers. Each step of `p` loads 16 values of
/// `B` and 6 values of `A` and issues 12 fused multiply-adds (192 flops).
///
/// Every element of `C` is one sequential chain `c = fma(a[i, p], b[p, j], c)` over `p` in
/// increasing order, starting from the stored tile when `accumulate` is true and from zero
/// otherwise. No sum is ever split or reordered, which is what makes results independent of
/// tiling and of the number of threads.
enum MicroKernel {
  /// Rows of `C` per tile (the height of a packed `A` panel).
  static let rows = 6
  /// Columns of `C` per tile (the width of a packed `B` panel).
  static let columns = 16

  /// Updates one full 6×16 tile at `c` (row stride `ldc`).
  ///
  /// - Parameters:
  ///   - a: packed `A` panel, `kLength` groups of 6 values (one per tile row).
  ///   - b: packed `B` panel, `kLength` groups of 16 values (one per tile column).
  ///   - accumulate: continue the chains from the values stored in `c` instead of from zero.
  @inline(never)
  static func run(
    kLength: Int, a: UnsafePointer<Float>, b: UnsafePointer<Float>,
    c: UnsafeMutablePointer<Float>, ldc: Int, accumulate: Bool
  ) {
    let rowOffsets = (0, ldc, ldc &* 2, ldc &* 3, ldc &* 4, ldc &* 5)
    var c00 = SIMD8<Float>(), c01 = SIMD8<Float>()
    var c10 = SIMD8<Float>(), c11 = SIMD8<Float>()
    var c20 = SIMD8<Float>(), c21 = SIMD8<Float>()
    var c30 = SIMD8<Float>(), c31 = SIMD8<Float>()
    var c40 = SIMD8<Float>(), c41 = SIMD8<Float>()
    var c50 = SIMD8<Float>(), c51 = SIMD8<Float>()
    if accumulate {
      (c00, c01) = (load(c + rowOffsets.0), load(c + rowOffsets.0 + 8))
      (c10, c11) = (load(c + rowOffsets.1), load(c + rowOffsets.1 + 8))
      (c20, c21) = (load(c + rowOffsets.2), load(c + rowOffsets.2 + 8))
      (c30, c31) = (load(c + rowOffsets.3), load(c + rowOffsets.3 + 8))
      (c40, c41) = (load(c + rowOffsets.4), load(c + rowOffsets.4 + 8))
      (c50, c51) = (load(c + rowOffsets.5), load(c + rowOffsets.5 + 8))
    }
    var pa = a
    var pb = b
    var remaining = kLength
    while remaining > 0 {
      let b0 = load(pb)
      let b1 = load(pb + 8)
      var x = SIMD8<Float>(repeating: pa[0])
      c00 = fusedMultiplyAdd(c00, x, b0)
      c01 = fusedMultiplyAdd(c01, x, b1)
      x = SIMD8<Float>(repeating: pa[1])
      c10 = fusedMultiplyAdd(c10, x, b0)
      c11 = fusedMultiplyAdd(c11, x, b1)
      x = SIMD8<Float>(repeating: pa[2])
      c20 = fusedMultiplyAdd(c20, x, b0)
      c21 = fusedMultiplyAdd(c21, x, b1)
      x = SIMD8<Float>(repeating: pa[3])
      c30 = fusedMultiplyAdd(c30, x, b0)
      c31 = fusedMultiplyAdd(c31, x, b1)
      x = SIMD8<Float>(repeating: pa[4])
      c40 = fusedMultiplyAdd(c40, x, b0)
      c41 = fusedMultiplyAdd(c41, x, b1)
      x = SIMD8<Float>(repeating: pa[5])
      c50 = fusedMultiplyAdd(c50, x, b0)
      c51 = fusedMultiplyAdd(c51, x, b1)
      pa += 6
      pb += 16
      remaining &-= 1
    }
    store(c00, c + rowOffsets.0)
    store(c01, c + rowOffsets.0 + 8)
    store(c10, c + rowOffsets.1)
    store(c11, c + rowOffsets.1 + 8)
    store(c20, c + rowOffsets.2)
    store(c21, c + rowOffsets.2 + 8)
    store(c30, c + rowOffsets.3)
    store(c31, c + rowOffsets.3 + 8)
    store(c40, c + rowOffsets.4)
    store(c41, c + rowOffsets.4 + 8)
    store(c50, c + rowOffsets.5)
    store(c51, c + rowOffsets.5 + 8)
  }

  /// Updates a partial tile (`validRows` ≤ 6, `validColumns` ≤ 16) at the bottom or right edge
  /// of `C`, through a 6×16 scratch tile so the kernel never touches memory outside `C`.
  static func runEdge(
    kLength: Int, a: UnsafePointer<Float>, b: UnsafePointer<Float>,
    c: UnsafeMutablePointer<Float>, ldc: Int, accumulate: Bool,
    validRows: Int, validColumns: Int
  ) {
    withUnsafeTemporaryAllocation(of: Float.self, capacity: rows * columns) { scratch in
      guard let tile = scratch.baseAddress else { return }
      tile.initialize(repeating: 0, count: rows * columns)
      if accumulate {
        for r in 0..<validRows {
          (tile + r * columns).update(from: c + r * ldc, count: validColumns)
        }
      }
      run(kLength: kLength, a: a, b: b, c: tile, ldc: columns, accumulate: accumulate)
      for r in 0..<validRows {
        (c + r * ldc).update(from: tile + r * columns, count: validColumns)
      }
    }
  }

  /// Eight floats at `p` (any alignment).
  @inline(__always)
  static func load(_ p: UnsafePointer<Float>) -> SIMD8<Float> {
    UnsafeRawPointer(p).loadUnaligned(as: SIMD8<Float>.self)
  }

  /// Eight floats at `p` (any alignment).
  @inline(__always)
  static func load(_ p: UnsafeMutablePointer<Float>) -> SIMD8<Float> {
    UnsafeRawPointer(p).loadUnaligned(as: SIMD8<Float>.self)
  }

  /// Stores eight floats at `p` (any alignment).
  @inline(__always)
  static func store(_ v: SIMD8<Float>, _ p: UnsafeMutablePointer<Float>) {
    UnsafeMutableRawPointer(p).storeBytes(of: v, as: SIMD8<Float>.self)
  }
}

/// `acc + x · y` for 8 lanes, fused (one rounding) unless the build opted out of FMA.
///
/// Builds with `TRACER_NO_FMA` (portable x86-64 builds without AVX2/FMA, see
/// Docs/performance.md) round the product and the sum separately, because a fused multiply-add
/// without the CPU instruction is a library call per lane.
@inline(__always)
func fusedMultiplyAdd(
  _ acc: SIMD8<Float>, _ x: SIMD8<Float>, _ y: SIMD8<Float>
) -> SIMD8<Float> {
  #if TRACER_NO_FMA
    return acc + x * y
  #else
    return acc.addingProduct(x, y)
  #endif
}

/// `acc + x · y` for one value, rounded exactly like ``fusedMultiplyAdd(_:_:_:)-SIMD8``.
@inline(__always)
func fusedMultiplyAdd(_ acc: Float, _ x: Float, _ y: Float) -> Float {
  #if TRACER_NO_FMA
    return acc + x * y
  #else
    return acc.addingProduct(x, y)
  #endif
}
