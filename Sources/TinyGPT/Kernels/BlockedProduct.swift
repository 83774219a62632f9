import Dispatch

/// The cache-blocked, multi-threaded driver around ``MicroKernel``: `C = A · B`.
///
/// Tiling, from the outside in:
/// 1. `A` (`[m, k]`) is packed once into 6-row panels (small: `m · k` floats).
/// 2. The columns of `C` are cut into chunks of whole 16-column panels. Chunks are the unit of
///    work: thread `t` of `T` takes a contiguous run of chunks. Each thread packs the `B`
///    panels of its chunk (unless `B` is pre-packed) and owns those columns of `C` outright.
/// 3. Inside a chunk, `k` is walked in blocks of ``kBlock`` steps so one packed `B` panel
///    block (`kBlock × 16` floats, 16 KB) stays in L1 while it meets every `A` panel, and the
///    `A` block (`m × kBlock`) stays in L2.
/// 4. Each (column panel, row panel) pair is one micro-kernel call on a 6×16 tile of `C`.
///
/// The `k` blocks continue each element's chain from the value stored in `C`, so an element's
/// arithmetic is the same sequence of fused multiply-adds however the work is split: the
/// result is bit-identical for any thread count.
enum BlockedProduct {
  /// Steps of `k` per cache block.
  static let kBlock = 256
  /// Upper bound on 16-column panels per chunk (256 columns of `C`).
  static let maxPanelsPerChunk = 16

  /// Where the right-hand operand comes from.
  enum RightOperand {
    /// An unpacked matrix (or transposed view); each thread packs the panels it needs.
    case view(OperandView)
    /// Panels already packed by ``PackedMatrix`` (`k * 16` floats per panel).
    case packed(UnsafePointer<Float>)
  }

  /// Writes `a · b` into `c` (`[m, n]` row-major, every element overwritten).
  ///
  /// `b` must describe a `[a.columns, n]` matrix. `threads` is the number of threads to use,
  /// capped by the number of column chunks.
  static func multiply(
    _ a: OperandView, _ b: RightOperand, columns n: Int,
    into c: UnsafeMutablePointer<Float>, threads: Int
  ) {
    let m = a.rows
    let k = a.columns
    guard m > 0, n > 0 else { return }
    guard k > 0 else {
      c.update(repeating: 0, count: m * n)
      return
    }
    let rowPanelCount = (m + MicroKernel.rows - 1) / MicroKernel.rows
    let packedA = UnsafeMutablePointer<Float>.allocate(
      capacity: rowPanelCount * k * MicroKernel.rows)
    defer { packedA.deallocate() }
    a.packRowPanels(into: packedA)  // [m, k] -> [ceil(m/6), k, 6]

    let columnPanelCount = (n + MicroKernel.columns - 1) / MicroKernel.columns
    let requested = max(1, threads)
    // Several chunks per thread keep the threads busy to the end; chunking never changes values.
    let panelsPerChunk = max(1, min(maxPanelsPerChunk, columnPanelCount / (requested * 4)))
    let chunkCount = (columnPanelCount + panelsPerChunk - 1) / panelsPerChunk
    let threadCount = min(requested, chunkCount)
    let job = Job(
      packedA: UnsafePointer(packedA), rowCount: m, depth: k, b: b, columnCount: n,
      c: c, panelsPerChunk: panelsPerChunk, chunkCount: chunkCount)

    if threadCount == 1 {
      job.run(chunks: 0..<chunkCount)
    } else {
      DispatchQueue.concurrentPerform(iterations: threadCount) { t in
        job.run(chunks: (t * chunkCount / threadCount)..<((t + 1) * chunkCount / threadCount))
      }
    }
  }

  /// One product's shared, read-only description; threads write disjoint columns of `c`.
  private struct Job: @unchecked Sendable {
    let packedA: UnsafePointer<Float>
    let rowCount: Int
    let depth: Int
    let b: RightOperand
    let columnCount: Int
    let c: UnsafeMutablePointer<Float>
    let panelsPerChunk: Int
    let chunkCount: Int

    /// Computes the columns of `C` in `chunks`, on the calling thread.
    func run(chunks: Range<Int>) {
      guard !chunks.isEmpty else { return }
      let width = MicroKernel.columns
      var scratch: UnsafeMutablePointer<Float>?
      if case .view = b {
        // One k block of one chunk's B panels (at most 16 × 256 × 16 floats = 256 KB, in L2).
        let capacity = panelsPerChunk * min(kBlock, depth) * width
        scratch = UnsafeMutablePointer<Float>.allocate(capacity: capacity)
      }
      defer { scratch?.deallocate() }
      let columnPanelCount = (columnCount + width - 1) / width
      for chunk in chunks {
        let panels = (chunk * panelsPerChunk)..<min((chunk + 1) * panelsPerChunk, columnPanelCount)
        var k0 = 0
        while k0 < depth {
          let kLength = min(kBlock, depth - k0)
          switch b {
          case .packed(let all):
            // Pre-packed panels hold all `depth` steps; this block starts `k0` steps in.
            let first = all + (panels.lowerBound * depth + k0) * width
            run(
              panels: panels, k0: k0, kLength: kLength, packedB: first, panelStride: depth * width)
          case .view(let view):
            guard let scratch else { return }
            var block = view
            block.base += k0 * view.rowStride
            block.rows = kLength
            block.packColumnPanels(panels, into: scratch)  // [kLength, 16·p] -> [p, kLength, 16]
            run(
              panels: panels, k0: k0, kLength: kLength, packedB: UnsafePointer(scratch),
              panelStride: kLength * width)
          }
          k0 += kLength
        }
      }
    }

    /// Runs every tile of one chunk for the `k` block `k0..<k0 + kLength`.
    ///
    /// `packedB` is the block's first panel; consecutive panels are `panelStride` floats apart.
    /// The B block of one panel (≤ 16 KB) stays in L1 while it meets every A panel in turn.
    private func run(
      panels: Range<Int>, k0: Int, kLength: Int, packedB: UnsafePointer<Float>, panelStride: Int
    ) {
      let rowPanelCount = (rowCount + MicroKernel.rows - 1) / MicroKernel.rows
      for (index, panel) in panels.enumerated() {
        let firstColumn = panel * MicroKernel.columns
        let validColumns = min(MicroKernel.columns, columnCount - firstColumn)
        let bBlock = packedB + index * panelStride
        for rowPanel in 0..<rowPanelCount {
          let firstRow = rowPanel * MicroKernel.rows
          let validRows = min(MicroKernel.rows, rowCount - firstRow)
          let aBlock = packedA + (rowPanel * depth + k0) * MicroKernel.rows
          let tile = c + firstRow * columnCount + firstColumn
          if validRows == MicroKernel.rows && validColumns == MicroKernel.columns {
            MicroKernel.run(
              kLength: kLength, a: aBlock, b: bBlock, c: tile, ldc: columnCount,
              accumulate: k0 > 0)
          } else {
            MicroKernel.runEdge(
              kLength: kLength, a: aBlock, b: bBlock, c: tile, ldc: columnCount,
              accumulate: k0 > 0, validRows: validRows, validColumns: validColumns)
          }
        }
      }
    }
  }
}
