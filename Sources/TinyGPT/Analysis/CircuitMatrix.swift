/// A circuit matrix given by its factors, `left · rightᵀ` (W_QK or W_OV of one head: two
/// `[d_model, d_head]` factors), in Double, with its singular values, numerical rank and
/// Frobenius norm (as TransformerLens's `FactoredMatrix`).
public struct CircuitMatrix: Equatable, Sendable {
  /// `W_QK` or `W_OV`.
  public var name: String
  public var rows: Int
  public var cols: Int
  /// The product `left · rightᵀ`, row-major, `rows · cols` values.
  public var data: [Double]
  /// Largest first, `min(rows, cols)` of them: those of `R_left · R_rightᵀ` (one-sided Jacobi,
  /// `singularValues`), then exact zeros for the dimensions beyond the factors' width.
  public let singularValues: [Double]

  /// How the rank's tolerance is chosen, for output and docs.
  public static let toleranceRule = "sigma_max * max(rows, cols) * eps_float32"

  /// The matrix `left · rightᵀ` of `left` `[rows, inner]` and `right` `[cols, inner]`
  /// (row-major, `inner ≤ rows, cols`).
  public init(name: String, left: [Double], right: [Double], rows: Int, cols: Int, inner: Int) {
    precondition(inner <= rows && inner <= cols, "CircuitMatrix: factors wider than tall")
    self.name = name
    self.rows = rows
    self.cols = cols
    var product = [Double](repeating: 0, count: rows * cols)  // [rows, inner] · [cols, inner]ᵀ
    for i in 0..<rows {
      for j in 0..<cols {
        var sum = 0.0
        for c in 0..<inner { sum += left[i * inner + c] * right[j * inner + c] }
        product[i * cols + j] = sum
      }
    }
    data = product
    // A·Bᵀ = Q_A (R_A R_Bᵀ) Q_Bᵀ: the same non-zero singular values as the [inner, inner] core.
    let rLeft = householderR(rows: rows, cols: inner, data: left)
    let rRight = householderR(rows: cols, cols: inner, data: right)
    var core = [Double](repeating: 0, count: inner * inner)  // [inner, inner]
    for i in 0..<inner {
      for j in 0..<inner {
        var sum = 0.0
        for c in 0..<inner { sum += rLeft[i * inner + c] * rRight[j * inner + c] }
        core[i * inner + j] = sum
      }
    }
    singularValues =
      TinyGPT.singularValues(rows: inner, cols: inner, data: core)
      + [Double](repeating: 0, count: min(rows, cols) - inner)
  }

  public var shape: [Int] { [rows, cols] }

  /// Singular values at or below this count as zero: `σ_max · max(m, n) · ε_float32`, since
  /// the weights are Float32 (ε = 2⁻²³) even though the product is formed in Double.
  public var tolerance: Double {
    (singularValues.first ?? 0) * Double(max(rows, cols)) * Double(Float.ulpOfOne)
  }

  /// The number of singular values above `tolerance`.
  public var rank: Int { singularValues.filter { $0 > tolerance }.count }

  /// `sqrt(Σ a_ij²)`, which also equals `sqrt(Σ σ_i²)`.
  public var frobeniusNorm: Double { data.reduce(0) { $0 + $1 * $1 }.squareRoot() }

  /// The `count` entries of largest magnitude, largest first (ties: row-major order).
  public func largest(_ count: Int) -> [MatrixEntry] {
    data.indices
      .sorted { abs(data[$0]) != abs(data[$1]) ? abs(data[$0]) > abs(data[$1]) : $0 < $1 }
      .prefix(max(0, count))
      .map { MatrixEntry(row: $0 / max(1, cols), column: $0 % max(1, cols), value: data[$0]) }
  }
}
