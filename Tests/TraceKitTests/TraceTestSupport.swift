import TensorFiles
import TinyGPT

@testable import TraceKit

/// A trace with seeded random activations of the right shapes; attention scores are masked
/// with -infinity above the diagonal, probabilities are in [0, 1), and a few edge-case floats
/// are planted. It passes `Trace.validate()`.
func makeTestTrace(
  config: ModelConfig = ModelConfig(
    nLayers: 2, dModel: 8, nHeads: 2, dMLP: 16, nCtx: 8, dVocab: 10),
  positions: Int = 4, passes passCount: Int = 2, seed: UInt64 = 7
) -> Trace {
  var rng = RandomSource(seed: seed)
  let vocabulary = [
    "the", "\"quoted\"", "back\\slash", "ctl\u{1}x", "naïve", "😀", "a", "b", "c", ".", "x", "y",
  ]
  let tokenizer = Tokenizer(kind: .word, vocabulary: Array(vocabulary.prefix(config.dVocab)))
  var passes: [Pass] = []
  for p in 0..<passCount {
    let pos = positions + p
    var activations: [Activation] = []
    for name in ActivationName.all(for: config) {
      let shape = name.point.shape(pos: pos, config: config)
      var data = (0..<shape.reduce(1, *)).map { _ in Float(rng.nextGaussian()) }
      if name.point == .probs || name.point == .pattern {
        data = data.map { abs($0) / (1 + abs($0)) }  // probabilities: in [0, 1)
      }
      if name.point == .attnScores {
        for h in 0..<shape[0] {
          for q in 0..<pos {
            for k in (q + 1)..<max(q + 1, pos) { data[(h * pos + q) * pos + k] = -.infinity }
          }
        }
      }
      activations.append(
        Activation(name: name.description, axes: name.point.axes, shape: shape, data: data))
    }
    activations[0].data[0] = -0.0
    activations[0].data[1] = .leastNonzeroMagnitude
    activations[0].data[2] = .greatestFiniteMagnitude
    let tokens = (0..<pos).map {
      TokenRef(id: $0 % config.dVocab, text: tokenizer.text(of: $0 % config.dVocab))
    }
    let candidates = (0..<3).map {
      Candidate(id: $0, text: tokenizer.text(of: $0), probability: 0.5 / Float($0 + 1))
    }
    passes.append(
      Pass(
        tokens: tokens, croppedTokenCount: p, activations: activations, candidates: candidates,
        chosen: TokenRef(id: 1, text: tokenizer.text(of: 1))))
  }
  return Trace(
    config: config, modelName: "toy\t\"model\"", weightsSHA256: String(repeating: "ab", count: 32),
    tokenizer: tokenizer, prompt: "the naïve 😀\nprompt",
    sampling: SamplingSettings(temperature: 0.8, topK: 5, topP: nil, seed: 7), passes: passes)
}

/// Equality with activations compared bit for bit (so -0 differs from 0).
func bitIdentical(_ a: Trace, _ b: Trace) -> Bool {
  guard a == b, a.passes.count == b.passes.count else { return false }
  for (pa, pb) in zip(a.passes, b.passes) {
    for (x, y) in zip(pa.activations, pb.activations) {
      guard x.data.count == y.data.count,
        zip(x.data, y.data).allSatisfy({ $0.bitPattern == $1.bitPattern })
      else { return false }
    }
  }
  return a.sampling.temperature.bitPattern == b.sampling.temperature.bitPattern
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
