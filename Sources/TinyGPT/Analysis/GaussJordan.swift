/// The inverse of the `n × n` matrix `a` (row-major) by Gauss-Jordan elimination with partial
/// pivoting, in Double; nil when a pivot is zero or `a` is not `n · n` values (singular or
/// malformed). `[n, n] -> [n, n]`
public func gaussJordanInverse(_ a: [Double], n: Int) -> [Double]? {
  guard n >= 0, a.count == n * n else { return nil }
  let width = 2 * n
  // [a | I]  [n, 2n]
  var m = [Double](repeating: 0, count: n * width)
  for i in 0..<n {
    for j in 0..<n { m[i * width + j] = a[i * n + j] }
    m[i * width + n + i] = 1
  }
  for column in 0..<n {
    guard
      let pivot = (column..<n).max(by: { abs(m[$0 * width + column]) < abs(m[$1 * width + column]) }
      ),
      m[pivot * width + column] != 0, m[pivot * width + column].isFinite
    else { return nil }
    if pivot != column {
      for j in 0..<width { m.swapAt(pivot * width + j, column * width + j) }
    }
    let scale = 1 / m[column * width + column]
    for j in 0..<width { m[column * width + j] *= scale }
    for i in 0..<n where i != column {
      let factor = m[i * width + column]
      guard factor != 0 else { continue }
      for j in 0..<width { m[i * width + j] -= factor * m[column * width + j] }
    }
  }
  return (0..<n).flatMap { i in m[(i * width + n)..<(i * width + width)] }
}
