/// The singular values of a real matrix, largest first, by one-sided Jacobi rotations
/// (Hestenes) in Double. `[m, n] -> [min(m, n)]`
///
/// The columns of A (of Aᵀ when it has more columns than rows) are rotated in pairs until
/// every pair is orthogonal to within `Double.ulpOfOne`; the singular values are then the
/// column norms. At most `maxSweeps` sweeps over all pairs (a few suffice for small matrices).
public func singularValues(rows: Int, cols: Int, data: [Double], maxSweeps: Int = 60) -> [Double] {
  precondition(data.count == rows * cols, "singularValues: data does not match the shape")
  // Columns of the taller orientation, each an array: n columns of length m, m ≥ n.
  let transposed = cols > rows
  let (m, n) = transposed ? (cols, rows) : (rows, cols)
  var columns: [[Double]] = (0..<n).map { j in
    (0..<m).map { i in transposed ? data[j * cols + i] : data[i * cols + j] }
  }
  let epsilon = Double.ulpOfOne
  for _ in 0..<max(1, maxSweeps) {
    var rotated = false
    for p in 0..<n {
      for q in (p + 1)..<n {
        var (alpha, beta, gamma) = (0.0, 0.0, 0.0)
        for i in 0..<m {
          alpha += columns[p][i] * columns[p][i]
          beta += columns[q][i] * columns[q][i]
          gamma += columns[p][i] * columns[q][i]
        }
        guard gamma != 0, abs(gamma) > epsilon * (alpha * beta).squareRoot() else { continue }
        rotated = true
        // The rotation that zeroes the off-diagonal entry of the 2×2 Gram matrix.
        let zeta = (beta - alpha) / (2 * gamma)
        let t = (zeta >= 0 ? 1.0 : -1.0) / (abs(zeta) + (1 + zeta * zeta).squareRoot())
        let c = 1 / (1 + t * t).squareRoot()
        let s = c * t
        for i in 0..<m {
          let (up, uq) = (columns[p][i], columns[q][i])
          columns[p][i] = c * up - s * uq
          columns[q][i] = s * up + c * uq
        }
      }
    }
    if !rotated { break }
  }
  let norms = columns.map { column in column.reduce(0) { $0 + $1 * $1 }.squareRoot() }
  return norms.sorted(by: >)
}
