@testable import TinyGPT

/// A model with seeded random weights, for round-trip tests.
func makeTestModel(_ config: ModelConfig, seed: UInt64 = 1, metadata: [String: String] = [:])
  -> Model
{
  var rng = RandomSource(seed: seed)
  var tensors: [String: Tensor] = [:]
  for (name, shape) in Parameters.expectedShapes(for: config) {
    let count = shape.reduce(1, *)
    tensors[name] = Tensor(shape: shape, data: (0..<count).map { _ in Float(rng.nextGaussian()) })
  }
  let vocabulary = (0..<config.dVocab).map { "tok\($0)" }
  // Edge-case floats in the first tensor: -0, subnormals, extremes.
  if var wte = tensors["transformer.wte.weight"] {
    let specials: [Float] = [
      -0.0, 0.0, .leastNonzeroMagnitude, -.leastNonzeroMagnitude, .leastNormalMagnitude,
      .greatestFiniteMagnitude, -.greatestFiniteMagnitude, Float(bitPattern: 0x0001_2345), 0.1,
      1.0 / 3.0, 16_777_215, Float(bitPattern: 0x7F7F_FFFE),
    ]
    for (i, v) in specials.enumerated() where i < wte.data.count { wte.data[i] = v }
    tensors["transformer.wte.weight"] = wte
  }
  do {
    let parameters = try Parameters(named: tensors, config: config)
    return Model(
      config: config, tokenizer: Tokenizer(kind: .word, vocabulary: vocabulary),
      parameters: parameters, metadata: metadata)
  } catch {
    fatalError("test model: \(error)")
  }
}

/// Whether two models have the same config, tokenizer, metadata and bit-identical weights.
func bitIdentical(_ a: Model, _ b: Model) -> Bool {
  let ta = a.parameters.namedTensors()
  let tb = b.parameters.namedTensors()
  return a.config == b.config && a.tokenizer == b.tokenizer && a.metadata == b.metadata
    && ta.count == tb.count
    && zip(ta, tb).allSatisfy { $0.name == $1.name && $0.tensor.isBitwiseEqual(to: $1.tensor) }
}

/// The description of the error `body` throws, or nil if it throws nothing.
func errorText(_ body: () throws -> Any) -> String? {
  do {
    _ = try body()
    return nil
  } catch {
    return "\(error)"
  }
}
