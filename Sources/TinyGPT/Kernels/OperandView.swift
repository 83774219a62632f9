/// A read-only strided view of a matrix operand, used only inside the kernels.
///
/// Element `(r, c)` is `base[r * rowStride + c * columnStride]`, so one view type covers a
/// matrix and its transpose without copying: a row-major `[rows, cols]` matrix viewed as its
/// transpose has `rowStride = 1, columnStride = cols`.
struct OperandView {
  var base: UnsafePointer<Float>
  var rows: Int
  var columns: Int
  var rowStride: Int
  var columnStride: Int

  /// A row-major matrix as stored.
  static func rowMajor(_ base: UnsafePointer<Float>, rows: Int, columns: Int) -> OperandView {
    OperandView(base: base, rows: rows, columns: columns, rowStride: columns, columnStride: 1)
  }

  /// The transpose of a row-major `[columns, rows]` matrix stored at `base`.
  static func transposed(
    _ base: UnsafePointer<Float>, rows: Int, columns: Int
  ) -> OperandView {
    OperandView(base: base, rows: rows, columns: columns, rowStride: 1, columnStride: rows)
  }

  /// Packs all rows into 6-row panels for the micro-kernel's `A` operand.
  ///
  /// Layout: panel `q` (rows `6q..<6q+6`) occupies `columns * 6` floats starting at
  /// `q * columns * 6`; within it, step `p` holds the 6 values `(6q + r, p)` for `r` in `0..<6`.
  /// Rows past the end of the matrix are zero, so edge tiles compute harmless zeros.
  /// `destination` must hold `rowPanelCount * columns * 6` floats.
  func packRowPanels(into destination: UnsafeMutablePointer<Float>) {
    let height = MicroKernel.rows
    let panelCount = (rows + height - 1) / height
    for panel in 0..<panelCount {
      let firstRow = panel * height
      let validRows = min(height, rows - firstRow)
      let out = destination + panel * columns * height
      for r in 0..<height {
        if r < validRows {
          var source = base + (firstRow + r) * rowStride
          for p in 0..<columns {
            out[p &* height &+ r] = source.pointee
            source += columnStride
          }
        } else {
          for p in 0..<columns { out[p &* height &+ r] = 0 }
        }
      }
    }
  }

  /// Packs column panels `panels` (16 columns each) for the micro-kernel's `B` operand.
  ///
  /// Layout: the `i`-th packed panel occupies `rows * 16` floats starting at `i * rows * 16`;
  /// within it, step `p` holds the 16 values `(p, 16q + j)` for `j` in `0..<16`. Columns past
  /// the end of the matrix are zero. `destination` must hold `panels.count * rows * 16` floats.
  func packColumnPanels(_ panels: Range<Int>, into destination: UnsafeMutablePointer<Float>) {
    let width = MicroKernel.columns
    for (index, panel) in panels.enumerated() {
      let firstColumn = panel * width
      let validColumns = min(width, columns - firstColumn)
      let out = destination + index * rows * width
      if columnStride == 1 && validColumns == width {
        // Rows of the panel are contiguous in the source: copy 16 floats per step.
        var source = UnsafeRawPointer(base + firstColumn)
        var target = UnsafeMutableRawPointer(out)
        let sourceStep = rowStride * MemoryLayout<Float>.stride
        for _ in 0..<rows {
          target.storeBytes(
            of: source.loadUnaligned(as: SIMD16<Float>.self), as: SIMD16<Float>.self)
          source += sourceStep
          target += width * MemoryLayout<Float>.stride
        }
      } else {
        // General case (edge panel or transposed view): step down p so writes stay sequential
        // while the reads walk 16 source streams in parallel.
        for p in 0..<rows {
          let source = base + p &* rowStride + firstColumn &* columnStride
          let target = out + p &* width
          for j in 0..<validColumns { target[j] = source[j &* columnStride] }
          for j in validColumns..<width { target[j] = 0 }
        }
      }
    }
  }
}
