import TinyGPT
import TraceKit

extension Trace {
  /// Puts `model`'s weights in the trace when `choice` says so (`--weights`, `--no-weights`),
  /// or by default when the model has at most `weightsInTraceLimit` parameters; with them the
  /// permutation run on the first pass's tokens (`Model.permutationRun(tokens:)`, none for
  /// fewer than 2 tokens).
  mutating func carryWeightsAndPermutationRun(of model: Model, choice: Bool?) {
    guard choice ?? (model.parameters.parameterCount <= weightsInTraceLimit) else { return }
    parameters = model.parameters.namedTensors().map {
      NamedTensor(name: $0.name, tensor: $0.tensor)
    }
    permutation = model.permutationRun(tokens: passes.first?.tokens.map(\.id) ?? [])
  }
}

extension Arguments {
  /// `--weights` (true), `--no-weights` (false) or neither (nil: by the model's size).
  mutating func weightsChoice() throws -> Bool? {
    let (with, without) = (isSet(Options.weights), isSet(Options.noWeights))
    if with && without { throw UsageError("give --weights or --no-weights, not both") }
    return with ? true : without ? false : nil
  }
}
