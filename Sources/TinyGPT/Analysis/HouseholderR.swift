/// The `R` of a thin QR decomposition `A = Q·R` by Householder reflections, in Double.
/// `[m, k] (m ≥ k) -> [k, k]` upper triangular, row-major.
///
/// `Q` has orthonormal columns, so `A·Bᵀ = Q_A·(R_A·R_Bᵀ)·Q_Bᵀ` has the singular values of the
/// small `R_A·R_Bᵀ` (and zeros): how a circuit's spectrum is found without a `d_model`-sized SVD.
public func householderR(rows m: Int, cols k: Int, data: [Double]) -> [Double] {
  precondition(data.count == m * k && m >= k, "householderR: needs rows ≥ cols")
  var a = data
  for j in 0..<k {
    // The reflection that maps column j below the diagonal onto a multiple of e_j.
    var norm = 0.0
    for i in j..<m { norm += a[i * k + j] * a[i * k + j] }
    norm = norm.squareRoot()
    guard norm > 0 else { continue }
    let alpha = a[j * k + j] > 0 ? -norm : norm
    var v = (j..<m).map { a[$0 * k + j] }
    v[0] -= alpha
    let vv = v.reduce(0) { $0 + $1 * $1 }
    guard vv > 0 else { continue }
    for c in j..<k {
      var dot = 0.0
      for i in j..<m { dot += v[i - j] * a[i * k + c] }
      let f = 2 * dot / vv
      for i in j..<m { a[i * k + c] -= f * v[i - j] }
    }
  }
  var r = [Double](repeating: 0, count: k * k)
  for i in 0..<k {
    for c in i..<k { r[i * k + c] = a[i * k + c] }
  }
  return r
}
