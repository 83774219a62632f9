import Testing

@testable import TinyGPT

/// `singularValues` and `HeadCircuits` against an SVD written here: the eigenvalues of AᵀA by
/// power iteration with deflation, and the circuits formed by index arithmetic on the weights.
@Suite struct HeadCircuitTests {
  /// The eigenvalues of the symmetric positive semi-definite `b` (`n × n`, nested rows), largest
  /// first: power iteration from a fixed start, then deflation `B − λ v vᵀ`.
  static func eigenvaluesByPowerIteration(_ b: [[Double]]) -> [Double] {
    var b = b
    let n = b.count
    var values: [Double] = []
    for k in 0..<n {
      var v = (0..<n).map { 1 + 0.1 * Double(($0 * 7 + k * 3) % 11) }
      for _ in 0..<5000 {
        var w = [Double](repeating: 0, count: n)
        for i in 0..<n { for j in 0..<n { w[i] += b[i][j] * v[j] } }
        var norm = 0.0
        for x in w { norm += x * x }
        norm = norm.squareRoot()
        if norm == 0 { break }
        var change = 0.0
        for i in 0..<n {
          change = max(change, abs(w[i] / norm - v[i]))
          v[i] = w[i] / norm
        }
        if change < 1e-14 { break }
      }
      var lambda = 0.0
      for i in 0..<n { for j in 0..<n { lambda += v[i] * b[i][j] * v[j] } }
      values.append(max(0, lambda))
      for i in 0..<n { for j in 0..<n { b[i][j] -= lambda * v[i] * v[j] } }
    }
    return values.sorted(by: >)
  }

  /// Singular values of `a` (`rows × cols`, row-major) as square roots of the eigenvalues of AᵀA.
  static func referenceSingularValues(_ a: [Double], rows: Int, cols: Int) -> [Double] {
    let gram = (0..<cols).map { i in
      (0..<cols).map { j in (0..<rows).reduce(0.0) { $0 + a[$1 * cols + i] * a[$1 * cols + j] } }
    }
    return eigenvaluesByPowerIteration(gram).map { $0.squareRoot() }
  }

  @Test func knownMatricesHaveTheirSingularValues() {
    // A scaled permutation: |entries|, sorted.
    #expect(singularValues(rows: 3, cols: 2, data: [0, -4, 3, 0, 0, 0]) == [4, 3])
    // An outer product u vᵀ has one singular value |u| |v|.
    let u: [Double] = [1, 2, 2]  // |u| = 3
    let v: [Double] = [3, 4]  // |v| = 5
    let outer = u.flatMap { x in v.map { x * $0 } }
    let s = singularValues(rows: 3, cols: 2, data: outer)
    #expect(abs(s[0] - 15) < 1e-12 && abs(s[1]) < 1e-12)
    // Wide matrices are handled through their transpose.
    #expect(singularValues(rows: 2, cols: 3, data: [0, 3, 0, -4, 0, 0]) == [4, 3])
    #expect(singularValues(rows: 2, cols: 2, data: [0, 0, 0, 0]) == [0, 0])
  }

  @Test func householderRIsTriangularWithTheGramMatrixOfItsInput() {
    var rng = RandomSource(seed: 11)
    let (m, k) = (9, 4)
    let a = (0..<(m * k)).map { _ in rng.nextGaussian() }
    let r = householderR(rows: m, cols: k, data: a)
    for i in 0..<k {
      for j in 0..<i { #expect(r[i * k + j] == 0) }
    }
    // RᵀR = AᵀA, since Q has orthonormal columns.
    for i in 0..<k {
      for j in 0..<k {
        let rtr = (0..<k).reduce(0.0) { $0 + r[$1 * k + i] * r[$1 * k + j] }
        let ata = (0..<m).reduce(0.0) { $0 + a[$1 * k + i] * a[$1 * k + j] }
        #expect(abs(rtr - ata) < 1e-10 * max(1, abs(ata)))
      }
    }
  }

  @Test func randomMatricesAgreeWithPowerIteration() {
    var rng = RandomSource(seed: 7)
    for (rows, cols) in [(6, 6), (7, 4), (4, 7)] {
      let a = (0..<(rows * cols)).map { _ in rng.nextGaussian() }
      let expected = Self.referenceSingularValues(a, rows: rows, cols: cols)
      let actual = singularValues(rows: rows, cols: cols, data: a)
      #expect(actual.count == min(rows, cols))
      for (x, y) in zip(actual, expected) { #expect(abs(x - y) < 1e-8 * max(1, expected[0])) }
    }
  }

  @Test(arguments: [NormalizationType?.some(.layerNorm), nil])
  func circuitsOfARandomModelHaveRankDHead(normalization: NormalizationType?) {
    let model = testModel(normalization: normalization, seed: 3)
    let (d, dh) = (model.config.dModel, model.config.dHead)
    for layer in 0..<model.config.nLayers {
      for head in 0..<model.config.nHeads {
        let block = model.parameters.blocks[layer]
        let w = block.attnWeight  // [d, 3d]
        // W_QK[i][j] = Σ_c W[i, h·dh + c] · W[j, d + h·dh + c] / √dh, written out.
        var qk = [Double](repeating: 0, count: d * d)
        var ov = [Double](repeating: 0, count: d * d)
        for i in 0..<d {
          for j in 0..<d {
            for c in 0..<dh {
              qk[i * d + j] +=
                Double(w[i, head * dh + c]) * Double(w[j, d + head * dh + c])
                / Double(dh).squareRoot()
              ov[i * d + j] +=
                Double(w[i, 2 * d + head * dh + c]) * Double(block.attnProjWeight[head * dh + c, j])
            }
          }
        }
        let circuits = model.circuits(layer: layer, head: head)
        for (m, expected) in [(circuits.qk, qk), (circuits.ov, ov)] {
          #expect(m.shape == [d, d])
          #expect(zip(m.data, expected).allSatisfy { abs($0 - $1) <= 1e-9 * max(1, abs($1)) })
          let reference = Self.referenceSingularValues(expected, rows: d, cols: d)
          let top = reference[0]
          for (x, y) in zip(m.singularValues.prefix(dh), reference.prefix(dh)) {
            #expect(abs(x - y) < 1e-7 * top, "\(m.name) L\(layer)H\(head): \(x) vs \(y)")
          }
          #expect(m.singularValues.dropFirst(dh).allSatisfy { $0 < 1e-9 * top })
          #expect(m.rank == dh)
          let tolerance = top * Double(d) * Double(Float.ulpOfOne)  // σ_max · max(m, n) · ε_float32
          #expect(abs(m.tolerance - tolerance) < 1e-6 * tolerance)
          let frobenius = expected.reduce(0) { $0 + $1 * $1 }.squareRoot()
          #expect(abs(m.frobeniusNorm - frobenius) < 1e-9 * frobenius)
          let sumOfSquares = reference.reduce(0) { $0 + $1 * $1 }.squareRoot()
          #expect(abs(m.frobeniusNorm - sumOfSquares) < 1e-6 * frobenius)
          let maxEntry = expected.indices.max { abs(expected[$0]) < abs(expected[$1]) } ?? 0
          let largest = m.largest(3)
          #expect(largest.count == 3)
          #expect(largest[0].row == maxEntry / d && largest[0].column == maxEntry % d)
          #expect(abs(largest[0].value) >= abs(largest[1].value))
          #expect(abs(largest[1].value) >= abs(largest[2].value))
        }
      }
    }
  }

  @Test func aHeadWithAZeroedValueColumnLosesOneRank() {
    var model = testModel(seed: 5)
    let (d, dh) = (model.config.dModel, model.config.dHead)
    for i in 0..<d { model.parameters.blocks[0].attnWeight[i, 2 * d + 1] = 0 }  // head 0, V col 1
    #expect(model.circuits(layer: 0, head: 0).ov.rank == dh - 1)
    #expect(model.circuits(layer: 0, head: 0).qk.rank == dh)
  }
}
