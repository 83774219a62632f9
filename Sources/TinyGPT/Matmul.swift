/// Matrix products used by every layer of the model and by training's backward pass.
///
/// This file is the API; the implementation behind it is the hot loop of the whole program.
extension Matrix {
  /// `a · b`. `[m, k] · [k, n] -> [m, n]`
  public static func matmul(_ a: Matrix, _ b: Matrix) -> Matrix {
    precondition(a.cols == b.rows, "matmul: inner dimensions differ")
    var c = Matrix(rows: a.rows, cols: b.cols)
    for i in 0..<a.rows {
      for p in 0..<a.cols {
        let x = a.data[i * a.cols + p]
        for j in 0..<b.cols { c.data[i * b.cols + j] += x * b.data[p * b.cols + j] }
      }
    }
    return c
  }

  /// `a · bᵀ`. `[m, k] · [n, k]ᵀ -> [m, n]`
  public static func matmul(_ a: Matrix, transposing b: Matrix) -> Matrix {
    matmul(a, b.transposed())
  }

  /// `aᵀ · b`. `[k, m]ᵀ · [k, n] -> [m, n]`
  public static func matmul(transposing a: Matrix, _ b: Matrix) -> Matrix {
    matmul(a.transposed(), b)
  }
}
