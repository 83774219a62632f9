import Testing
import TinyGPT
import Training

// The whole model's backward against central finite differences of the model's own forward:
// for every weight array, the derivative along a random direction in that array.

/// A tiny model with weights large enough that every term of the math matters.
func tinyModel(
  normalization: NormalizationType? = .layerNorm, positional: PositionalEmbeddingType = .standard,
  actFn: ActivationFunction = .geluNew, tied: Bool = true, seed: UInt64 = 1
) throws -> Model {
  let config = ModelConfig(
    nLayers: 2, dModel: 8, nHeads: 2, dMLP: 12, nCtx: 6, dVocab: 7, actFn: actFn,
    normalizationType: normalization, positionalEmbeddingType: positional, tieWordEmbeddings: tied)
  var model = try Model.randomlyInitialized(
    config: config, tokenizer: Tokenizer(kind: .char, vocabulary: (0..<7).map { "\($0)" }),
    seed: seed)
  var rng = RandomSource(seed: seed &+ 7)
  model.parameters.forEachArray { values, isMatrix in
    for i in values.indices {
      values[i] = isMatrix ? values[i] * 15 : values[i] + Float(rng.nextGaussian() * 0.3)
    }
  }
  return model
}

/// The summed cross-entropy of the model's own forward pass, in Double.
func loss(_ model: Model, _ tokens: [Int], _ targets: [Int?]) -> Double {
  crossEntropy(logits: model.forward(tokens), targets: targets).loss
}

/// Checks every weight array's directional derivative; returns how many arrays were checked.
@discardableResult
func checkModelGradients(
  _ model: Model, tokens: [Int], targets: [Int?], step h: Double = 1e-2
) -> Int {
  let analytic = model.gradients(tokens: tokens, targets: targets).gradients.flattened()
  let theta = model.parameters.flattened()
  var segments: [Range<Int>] = []
  var params = model.parameters
  params.forEachArray { values, _ in
    let start = segments.last?.upperBound ?? 0
    segments.append(start..<(start + values.count))
  }
  var rng = RandomSource(seed: 99)
  for (index, segment) in segments.enumerated() {
    let direction = segment.map { _ in rng.nextGaussian() }
    func shifted(_ t: Double) -> Model {
      var flat = theta
      for (j, i) in segment.enumerated() { flat[i] += Float(t * direction[j]) }
      var m = model
      m.parameters.assign(flattened: flat)
      return m
    }
    let numeric = (loss(shifted(h), tokens, targets) - loss(shifted(-h), tokens, targets)) / (2 * h)
    let exact = zip(segment, direction).reduce(0.0) { $0 + Double(analytic[$1.0]) * $1.1 }
    let tolerance = 0.02 * max(abs(numeric), abs(exact)) + 2e-3
    #expect(
      abs(numeric - exact) <= tolerance, "array \(index): numeric \(numeric), analytic \(exact)")
  }
  return segments.count
}

@Test func modelGradientsMatchFiniteDifferences() throws {
  let model = try tinyModel()
  let checked = checkModelGradients(model, tokens: [1, 4, 2, 6, 0], targets: [4, 2, nil, 0, 3])
  #expect(checked == 1 + 1 + 2 * 12 + 2)  // wte, wpe, 12 per block, ln_f
}

@Test(arguments: [ActivationFunction.relu, .gelu])
func modelGradientsForEachActivation(function: ActivationFunction) throws {
  let model = try tinyModel(actFn: function, seed: 2)
  // A smaller step for ReLU, so that the difference rarely straddles its kink.
  let step = function == .relu ? 1e-3 : 1e-2
  checkModelGradients(model, tokens: [3, 3, 5, 1], targets: [3, 5, 1, 2], step: step)
}

@Test func modelGradientsUntiedWithoutLayerNorm() throws {
  let model = try tinyModel(normalization: nil, positional: .sinusoidal, tied: false, seed: 3)
  let checked = checkModelGradients(
    model, tokens: [0, 1, 2, 3, 4, 5], targets: [1, 2, 3, 4, 5, 6])
  #expect(checked == 1 + 2 * 8 + 1)  // wte, 8 per block, lm_head
}

@Test func modelGradientsWithoutPositionalEncoding() throws {
  let model = try tinyModel(positional: .none, seed: 4)
  checkModelGradients(model, tokens: [6, 2, 2], targets: [nil, 1, 5])
}

@Test func lossOfOneSequenceEqualsForwardLoss() throws {
  let model = try tinyModel()
  let tokens = [1, 2, 3]
  let targets: [Int?] = [2, 3, 4]
  let result = model.gradients(tokens: tokens, targets: targets)
  #expect(result.count == 3)
  #expect(abs(result.loss - loss(model, tokens, targets)) < 1e-9)
}
