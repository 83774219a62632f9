/// A `d_model × d_model` circuit matrix (W_QK or W_OV of one head) in Double, with what the
/// notes say about it: its singular values, its numerical rank and its Frobenius norm.
public struct CircuitMatrix: Equatable, Sendable {
  /// `W_QK` or `W_OV`.
  public var name: String
  public var rows: Int
  public var cols: Int
  /// Row-major, `rows · cols` values.
  public var data: [Double]
  /// Largest first, `min(rows, cols)` of them (one-sided Jacobi, `singularValues`).
  public let singularValues: [Double]

  /// How the rank's tolerance is chosen, for output and docs.
  public static let toleranceRule = "sigma_max * max(rows, cols) * eps_float32"

  /// Analyses `data` (`[rows, cols]`, row-major).
  public init(name: String, rows: Int, cols: Int, data: [Double]) {
    self.name = name
    self.rows = rows
    self.cols = cols
    self.data = data
    singularValues = TinyGPT.singularValues(rows: rows, cols: cols, data: data)
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
