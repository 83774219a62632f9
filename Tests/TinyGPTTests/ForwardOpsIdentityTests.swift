import Testing

@testable import TinyGPT

/// The vectorised and multi-threaded operations of the forward pass give the same bits as the
/// plain scalar loops they replaced (written out here), for shapes below and above the
/// threading thresholds and for 1, 2 and 3 threads.
@Suite struct ForwardOpsIdentityTests {
  /// `[rows, cols]` values in [-1, 1) scaled by `scale`, from a fixed generator.
  static func values(_ rows: Int, _ cols: Int, seed: UInt64, scale: Float = 1) -> Matrix {
    var m = MatmulReference.matrix(rows, cols, seed: seed)
    for i in m.data.indices { m.data[i] *= scale }
    return m
  }

  static func bits(_ m: Matrix) -> [UInt32] { m.data.map(\.bitPattern) }

  static let shapes: [(rows: Int, cols: Int)] = [(1, 1), (3, 5), (13, 17), (128, 768), (97, 1031)]

  @Test(arguments: shapes)
  func elementwiseOperationsMatchScalarLoops(_ shape: (rows: Int, cols: Int)) {
    let (rows, cols) = shape
    let a = Self.values(rows, cols, seed: 1, scale: 30)
    let b = Self.values(rows, cols, seed: 2, scale: 0.7)
    let vector = Self.values(1, cols, seed: 3, scale: 3).data
    var sum = a
    var withBias = a
    var scaled = a
    var scaledColumns = a
    for r in 0..<rows {
      for c in 0..<cols {
        sum[r, c] = a[r, c] + b[r, c]
        withBias[r, c] = a[r, c] + vector[c]
        scaled[r, c] = a[r, c] * 0.125_7
        scaledColumns[r, c] = a[r, c] * vector[c]
      }
    }
    let kept = a
    #expect(Self.bits(a + b) == Self.bits(sum))
    #expect(Self.bits(a.addingRowVector(vector)) == Self.bits(withBias))
    #expect(Self.bits(a.scaled(by: 0.125_7)) == Self.bits(scaled))
    #expect(Self.bits(a.scaledColumns(vector)) == Self.bits(scaledColumns))
    #expect(a == kept)  // the operands are values: nothing changed them
  }

  @Test func columnsAndConcatenationMatchElementLoops() {
    let m = Self.values(7, 10, seed: 4)
    for range in [0..<10, 0..<0, 3..<8, 9..<10] {
      var expected = [Float]()
      for r in 0..<7 { for c in range { expected.append(m[r, c]) } }
      let part = m.columns(range)
      #expect(part.rows == 7 && part.cols == range.count && part.data == expected)
    }
    let parts = [m.columns(0..<3), m.columns(3..<3), m.columns(3..<10)]
    #expect(concatenatingColumns(parts) == m)
    #expect(concatenatingColumns([]) == Matrix(rows: 0, cols: 0))
  }

  @Test func causalMaskMatchesTheElementLoop() {
    // Three blocks of 4 queries over 6 keys (2 cached positions first), and a square grid.
    for (rows, keys, queries) in [(12, 6, 4), (5, 5, 5), (3, 7, 1)] {
      let scores = Self.values(rows, keys, seed: 5)
      var expected = scores
      for r in 0..<rows {
        let query = keys - queries + r % queries
        for key in (query + 1)..<max(query + 1, keys) { expected[r, key] = -.infinity }
      }
      let kept = scores
      #expect(Self.bits(causallyMasked(scores, queries: queries)) == Self.bits(expected))
      #expect(scores == kept)
    }
  }

  /// The softmax loop as it was: max, then exp and the sum in column order, then divisions.
  static func scalarSoftmax(_ x: Matrix) -> Matrix {
    var out = x
    for r in 0..<x.rows {
      var maxValue = -Float.infinity
      for c in 0..<x.cols { maxValue = max(maxValue, x[r, c]) }
      var sum: Float = 0
      for c in 0..<x.cols {
        let e = x[r, c] == -.infinity ? 0 : _expf(x[r, c] - maxValue)
        out[r, c] = e
        sum += e
      }
      for c in 0..<x.cols { out[r, c] /= sum }
    }
    return out
  }

  @Test(arguments: [(2, 3), (37, 129), (1536, 128)])
  func softmaxOnAnyThreadCountMatchesTheScalarLoop(_ shape: (Int, Int)) {
    let x = causallyMasked(Self.values(shape.0, shape.1, seed: 6, scale: 8), queries: shape.0)
    let expected = Self.bits(Self.scalarSoftmax(x))
    #expect(Self.bits(softmaxRows(x)) == expected)
    for threads in 1...3 { #expect(Self.bits(softmaxRows(x, threads: threads)) == expected) }
  }

  @Test(arguments: [(1, 5), (8, 768), (13, 768), (128, 768), (17, 3)])
  func layerNormStagesMatchTheScalarLoops(_ shape: (Int, Int)) {
    let (rows, cols) = shape
    var x = Self.values(rows, cols, seed: 7, scale: 4)
    for r in 0..<rows { for c in 0..<cols { x[r, c] += Float(r) * 0.37 } }  // distinct means
    var means = [Float](repeating: 0, count: rows)
    var scale = Matrix(rows: rows, cols: 1)
    var centred = x
    for r in 0..<rows {
      for c in 0..<cols { means[r] += x[r, c] }
      means[r] /= Float(cols)
      var variance: Float = 0
      for c in 0..<cols {
        let d = x[r, c] - means[r]
        variance += d * d
      }
      scale[r, 0] = _sqrtf(variance / Float(cols) + 1e-5)
      for c in 0..<cols { centred[r, c] = (x[r, c] - means[r]) / scale[r, 0] }
    }
    #expect(rowMeans(x).map(\.bitPattern) == means.map(\.bitPattern))
    #expect(Self.bits(layerNormScale(x, eps: 1e-5)) == Self.bits(scale))
    #expect(Self.bits(layerNormCentred(x, scale: scale)) == Self.bits(centred))
    let p = LayerNormParameters(
      weight: Self.values(1, cols, seed: 8).data, bias: Self.values(1, cols, seed: 9).data)
    let ln = layerNorm(x, p, eps: 1e-5)
    var out = centred
    for r in 0..<rows { for c in 0..<cols { out[r, c] = centred[r, c] * p.weight[c] + p.bias[c] } }
    #expect(Self.bits(ln.scale) == Self.bits(scale) && Self.bits(ln.out) == Self.bits(out))
  }

  /// A model shaped for the head tests (only its configuration matters).
  static func model(heads: Int, dModel: Int) throws -> Model {
    let config = ModelConfig(
      nLayers: 1, dModel: dModel, nHeads: heads, dMLP: 4, nCtx: 256, dVocab: 3)
    return try Model.randomlyInitialized(
      config: config, tokenizer: Tokenizer(kind: .word, vocabulary: ["a", "b", "c"]), seed: 1)
  }

  /// `Σ x_p · y_p` over `p` in increasing order from 0, as one fused multiply-add chain.
  static func chain(_ count: Int, _ term: (Int) -> (Float, Float)) -> Float {
    var sum: Float = 0
    for p in 0..<count {
      let (x, y) = term(p)
      sum = sum.addingProduct(x, y)
    }
    return sum
  }

  // 3 heads over 50 positions stay below the threading threshold; 4 heads of 64 over 128
  // positions are above it (the default then uses every thread).
  @Test(arguments: [(3, 48, 50, 50), (4, 256, 128, 128), (2, 16, 1, 9), (4, 256, 3, 130)])
  func headsOnAnyThreadCountMatchThePerHeadLoops(_ shape: (Int, Int, Int, Int)) throws {
    let (heads, d, queries, keys) = shape
    let model = try Self.model(heads: heads, dModel: d)
    let dHead = d / heads
    let q = Self.values(queries, d, seed: 10)
    let k = Self.values(keys, d, seed: 11)
    let v = Self.values(keys, d, seed: 12)
    let scale = 1 / Float(dHead).squareRoot()
    var scores = Matrix(rows: heads * queries, cols: keys)
    for h in 0..<heads {
      for i in 0..<queries {
        for j in 0..<keys {
          let dot = Self.chain(dHead) { (q[i, h * dHead + $0], k[j, h * dHead + $0]) }
          scores[h * queries + i, j] = dot * scale
        }
      }
    }
    let pattern = softmaxRows(causallyMasked(scores, queries: queries))
    var z = Matrix(rows: queries, cols: d)
    for h in 0..<heads {
      for i in 0..<queries {
        for c in 0..<dHead {
          z[i, h * dHead + c] = Self.chain(keys) {
            (pattern[h * queries + i, $0], v[$0, h * dHead + c])
          }
        }
      }
    }
    let wO = Self.values(d, d, seed: 13)
    var result = Matrix(rows: queries, cols: heads * d)
    for i in 0..<queries {
      for h in 0..<heads {
        for c in 0..<d {
          result[i, h * d + c] = Self.chain(dHead) { (z[i, h * dHead + $0], wO[h * dHead + $0, c]) }
        }
      }
    }
    for threads in [nil, 1, 2, 3] {
      #expect(Self.bits(model.headScores(q, k, threads: threads)) == Self.bits(scores))
      #expect(Self.bits(model.weightedValues(pattern, v, threads: threads)) == Self.bits(z))
    }
    #expect(Self.bits(model.headResults(z, wO)) == Self.bits(result))
  }
}
