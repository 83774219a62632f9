/// A 2-D Float32 matrix, row-major. Every activation in the model is one of these (no batch).
public struct Matrix: Equatable, Sendable {
  public var rows: Int
  public var cols: Int
  /// `rows * cols` values, row after row.
  public var data: [Float]

  /// Creates a matrix; the caller guarantees `data.count == rows * cols`.
  public init(rows: Int, cols: Int, data: [Float]) {
    precondition(data.count == rows * cols, "Matrix data does not match its shape")
    self.rows = rows
    self.cols = cols
    self.data = data
  }

  /// Creates a matrix filled with `value`.
  public init(rows: Int, cols: Int, repeating value: Float = 0) {
    self.init(rows: rows, cols: cols, data: [Float](repeating: value, count: rows * cols))
  }

  /// Creates a matrix from a list of equally long rows.
  public init(_ rowValues: [[Float]]) {
    let cols = rowValues.first?.count ?? 0
    self.init(rows: rowValues.count, cols: cols, data: rowValues.flatMap { $0 })
  }

  /// The element at row `r`, column `c`.
  @inlinable
  public subscript(r: Int, c: Int) -> Float {
    get { data[r * cols + c] }
    set { data[r * cols + c] = newValue }
  }

  /// Row `r` as an array.
  public func row(_ r: Int) -> [Float] { Array(data[(r * cols)..<((r + 1) * cols)]) }

  /// The matrix as a tensor of shape `[rows, cols]` (shares storage).
  public var tensor: Tensor { Tensor(shape: [rows, cols], data: data) }

  /// The transpose. `[r, c] -> [c, r]`
  public func transposed() -> Matrix {
    var out = Matrix(rows: cols, cols: rows)
    for r in 0..<rows {
      for c in 0..<cols { out.data[c * rows + r] = data[r * cols + c] }
    }
    return out
  }

  /// Columns `range` of every row. `[r, c] -> [r, range.count]`
  public func columns(_ range: Range<Int>) -> Matrix {
    precondition(range.lowerBound >= 0 && range.upperBound <= cols, "columns out of range")
    let (rows, cols) = (self.rows, self.cols)
    return Matrix(rows: rows, cols: range.count) { out in
      data.withUnsafeBufferPointer { source in
        guard let source = source.baseAddress else { return }
        for r in 0..<rows {  // one contiguous piece per row
          (out + r * range.count).initialize(
            from: source + r * cols + range.lowerBound, count: range.count)
        }
      }
    }
  }

  /// Rows `range`. `[r, c] -> [range.count, c]`
  public func rows(_ range: Range<Int>) -> Matrix {
    Matrix(
      rows: range.count, cols: cols,
      data: Array(data[(range.lowerBound * cols)..<(range.upperBound * cols)]))
  }
}
