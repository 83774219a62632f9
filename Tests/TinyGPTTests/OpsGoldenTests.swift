import Testing

@testable import TinyGPT

/// Operations against numbers computed by hand (and checked with a calculator).
@Suite struct OpsGoldenTests {
  @Test func geluVariants() {
    // Φ(1) = 0.841344746..., so gelu(1) = 0.841344746; gelu(-1) = -0.158655254.
    #expect(abs(ActivationFunction.gelu(1) - 0.841_344_7) < 1e-6)
    #expect(abs(ActivationFunction.gelu(-1) - -0.158_655_25) < 1e-6)
    #expect(abs(ActivationFunction.gelu(2) - 1.954_499_7) < 1e-6)
    // tanh approximation: 0.5·(1 + tanh(√(2/π)·1.044715)) = 0.841191990...
    #expect(abs(ActivationFunction.geluNew(1) - 0.841_192) < 1e-6)
    #expect(abs(ActivationFunction.geluNew(-1) - -0.158_808) < 1e-6)
    #expect(ActivationFunction.relu(-3) == 0 && ActivationFunction.relu(2.5) == 2.5)
    #expect(ActivationFunction.gelu(0) == 0 && ActivationFunction.geluNew(0) == 0)
  }

  @Test func layerNormOfOneTwoThreeFour() {
    // mean 2.5, population variance 1.25, scale √(1.25 + 1e-5) = 1.118038...
    let x = Matrix([[1, 2, 3, 4]])
    let ln = layerNorm(
      x, LayerNormParameters(weight: [1, 2, 1, 1], bias: [0, 0, 0, 1]), eps: 1e-5)
    #expect(abs(ln.scale[0, 0] - 1.118_038_5) < 1e-6)
    let expected: [Float] = [-1.341_635_5, -0.447_211_8, 0.447_211_8, 1.341_635_5]
    for c in 0..<4 { #expect(abs(ln.normalized[0, c] - expected[c]) < 1e-6) }
    #expect(abs(ln.out[0, 1] - -0.894_423_6) < 1e-6)
    #expect(abs(ln.out[0, 3] - 2.341_635_5) < 1e-6)
  }

  @Test func softmaxOfOneTwoThreeAndAMaskedEntry() {
    let p = softmaxRows(Matrix([[1, 2, 3], [5, -.infinity, 5]]))
    // e/(e+e²+e³) = 0.0900306, e²/… = 0.2447285, e³/… = 0.6652410
    #expect(abs(p[0, 0] - 0.090_030_57) < 1e-7)
    #expect(abs(p[0, 1] - 0.244_728_47) < 1e-7)
    #expect(abs(p[0, 2] - 0.665_240_96) < 1e-7)
    #expect(p[1, 0] == 0.5 && p[1, 1] == 0 && p[1, 2] == 0.5)
  }

  @Test func causalMaskHidesTheUpperTriangle() {
    let m = causallyMasked(Matrix([[1, 2, 3], [4, 5, 6], [7, 8, 9]]))
    #expect(m.data == [1, -.infinity, -.infinity, 4, 5, -.infinity, 7, 8, 9])
  }
}

@Test func parallelMapGivesTheSameBitsAsMap() {
  let rows = 97
  let cols = 1031  // above the parallel threshold, rows not divisible by the thread count
  let m = Matrix(
    rows: rows, cols: cols, data: (0..<(rows * cols)).map { Float($0 % 1999) * 0.013 - 12 })
  let gelu = ActivationFunction.geluNew
  let parallel = m.parallelMap { gelu($0) }
  let serial = m.map { gelu($0) }
  #expect(parallel.data.map(\.bitPattern) == serial.data.map(\.bitPattern))
}
