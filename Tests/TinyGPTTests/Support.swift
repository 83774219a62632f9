import TinyGPT

/// Hooks for tests: keep every name and value in order, change nothing.
struct CollectingRecorder: Hooks {
  var names: [String] = []
  var values: [String: Tensor] = [:]

  func wants(_ name: ActivationName) -> Bool { true }

  mutating func visit(_ name: ActivationName, _ value: Tensor) -> Tensor {
    names.append(name.description)
    values[name.description] = value
    return value
  }

  /// The value recorded under `name`; fails loudly in tests when absent.
  func callAsFunction(_ name: String) -> Tensor {
    guard let t = values[name] else { fatalError("test: no activation \(name)") }
    return t
  }
}

/// A small seeded model with non-trivial biases and LayerNorm parameters, so that no term of the
/// math is invisible to the tests.
func testModel(
  normalization: NormalizationType? = .layerNorm, positional: PositionalEmbeddingType = .standard,
  actFn: ActivationFunction = .geluNew, tied: Bool = true, seed: UInt64 = 1,
  zeroBiases: Bool = false
) -> Model {
  let config = ModelConfig(
    nLayers: 2, dModel: 8, nHeads: 2, dMLP: 12, nCtx: 6, dVocab: 10, actFn: actFn,
    normalizationType: normalization, positionalEmbeddingType: positional, tieWordEmbeddings: tied)
  let tokenizer = Tokenizer(kind: .word, vocabulary: (0..<10).map { "w\($0)" })
  guard var model = try? Model.randomlyInitialized(config: config, tokenizer: tokenizer, seed: seed)
  else { fatalError("test model config is valid") }
  var rng = RandomSource(seed: seed &+ 100)
  func jitter(_ v: inout [Float], around base: Float, by amount: Double) {
    for i in v.indices { v[i] = zeroBiases ? base : base + Float(rng.nextGaussian() * amount) }
  }
  // Scale weights up so activations are far from zero and differences show.
  func grow(_ m: inout Matrix) { for i in m.data.indices { m.data[i] *= 20 } }
  grow(&model.parameters.tokenEmbedding)
  if var wpe = model.parameters.positionEmbedding {
    grow(&wpe)
    model.parameters.positionEmbedding = wpe
  }
  for b in model.parameters.blocks.indices {
    grow(&model.parameters.blocks[b].attnWeight)
    grow(&model.parameters.blocks[b].attnProjWeight)
    grow(&model.parameters.blocks[b].fcWeight)
    grow(&model.parameters.blocks[b].mlpProjWeight)
    jitter(&model.parameters.blocks[b].attnBias, around: 0, by: 0.3)
    jitter(&model.parameters.blocks[b].attnProjBias, around: 0, by: 0.3)
    jitter(&model.parameters.blocks[b].fcBias, around: 0, by: 0.3)
    jitter(&model.parameters.blocks[b].mlpProjBias, around: 0, by: 0.3)
    for keyPath in [\BlockParameters.ln1, \BlockParameters.ln2] {
      guard var ln = model.parameters.blocks[b][keyPath: keyPath] else { continue }
      jitter(&ln.weight, around: 1, by: 0.2)
      jitter(&ln.bias, around: 0, by: 0.2)
      model.parameters.blocks[b][keyPath: keyPath] = ln
    }
  }
  return model
}

/// Whether two float arrays agree within `tolerance` relative to the larger magnitude (min 1).
func close(_ a: [Float], _ b: [Double], tolerance: Double = 1e-4) -> Bool {
  guard a.count == b.count else { return false }
  for (x, y) in zip(a, b) {
    if x == -.infinity && y == -.infinity { continue }
    if abs(Double(x) - y) > tolerance * max(1, abs(y)) { return false }
  }
  return true
}

func close(_ a: [Float], _ b: [Float], tolerance: Double = 1e-4) -> Bool {
  close(a, b.map(Double.init), tolerance: tolerance)
}
