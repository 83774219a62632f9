/// A right-hand matrix operand stored in the kernel's packed layout, ready for many products.
///
/// Packing rearranges a `[k, n]` matrix into 16-column panels so the micro-kernel reads it
/// sequentially; doing it once for a weight matrix saves about a fifth of every product's time.
/// Use it with ``Matrix/matmul(_:_:)-(Matrix,PackedMatrix)``; the product is bit-identical to
/// ``Matrix/matmul(_:_:)`` with the unpacked matrix.
public struct PackedMatrix: Equatable, Sendable {
  /// Rows of the logical matrix (`k`, the inner dimension of the product).
  public let rows: Int
  /// Columns of the logical matrix (`n`, the columns of the product).
  public let cols: Int
  /// `ceil(cols / 16)` panels of `rows * 16` floats each, zero-padded on the right.
  let panels: [Float]

  /// Packs `matrix` (`[k, n]`) as the right-hand side of `a · matrix`.
  public init(_ matrix: Matrix) {
    self = matrix.data.withUnsafeBufferPointer { buffer in
      guard let base = buffer.baseAddress else {
        return PackedMatrix(rows: matrix.rows, cols: matrix.cols, panels: [])
      }
      let view = OperandView.rowMajor(base, rows: matrix.rows, columns: matrix.cols)
      return PackedMatrix(packing: view)
    }
  }

  /// Packs the transpose of `matrix` (`[n, k]`), as the right-hand side of `a · matrixᵀ`.
  ///
  /// This is how logits are computed from a `[d_vocab, d_model]` embedding matrix.
  public init(transposing matrix: Matrix) {
    self = matrix.data.withUnsafeBufferPointer { buffer in
      guard let base = buffer.baseAddress else {
        return PackedMatrix(rows: matrix.cols, cols: matrix.rows, panels: [])
      }
      let view = OperandView.transposed(base, rows: matrix.cols, columns: matrix.rows)
      return PackedMatrix(packing: view)
    }
  }

  /// The logical matrix again, `[rows, cols]`.
  public func unpacked() -> Matrix {
    let width = MicroKernel.columns
    var out = Matrix(rows: rows, cols: cols)
    for j in 0..<cols {
      let panelStart = (j / width) * rows * width
      for p in 0..<rows { out.data[p * cols + j] = panels[panelStart + p * width + j % width] }
    }
    return out
  }

  private init(rows: Int, cols: Int, panels: [Float]) {
    self.rows = rows
    self.cols = cols
    self.panels = panels
  }

  private init(packing view: OperandView) {
    let panelCount = (view.columns + MicroKernel.columns - 1) / MicroKernel.columns
    let count = panelCount * view.rows * MicroKernel.columns
    let panels = [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
      if let destination = buffer.baseAddress {
        view.packColumnPanels(0..<panelCount, into: destination)  // [k, n] -> [⌈n/16⌉, k, 16]
      }
      initialized = count
    }
    self.init(rows: view.rows, cols: view.columns, panels: panels)
  }
}
