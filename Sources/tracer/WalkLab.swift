import TinyGPT
import TraceKit
import Walkthrough

/// The command layer's half of the lab: the loaded model, run again with the settings the
/// viewer asks for (the viewer itself never runs the model).
struct WalkLab {
  let source: TraceOptions
  let model: Model
  let name: String
  let weightsSHA256: String
  let script: WalkthroughScript
  /// Values of `--patch` interventions, read once from `--from`.
  let patchValues: [PatchTarget: Tensor]
  /// The token count the patch values were recorded at.
  let patchTokenCount: Int
  /// The model's own run of the last prompt a baseline was needed for.
  let baselines = BaselineCache()

  /// A new walkthrough of the same script on the model run with `settings`.
  func walkthrough(_ settings: LabSettings) throws -> Walkthrough {
    let tokens = try model.tokenizer.encode(settings.prompt)
    try model.validate(tokens: tokens)
    let count = model.context(for: tokens).tokens.count
    if !patchValues.isEmpty && count != patchTokenCount {
      throw RunError(
        "--patch needs \(patchTokenCount) tokens, this prompt has \(count); the old prompt stays")
    }
    var trace = model.trace(
      tokens: tokens, prompt: settings.prompt,
      passCount: source.passCount(for: model, tokenCount: tokens.count),
      sampling: settings.sampling, interventions: settings.interventions,
      patchValues: patchValues, modelName: name, weightsSHA256: weightsSHA256)
    source.attachWeights(to: &trace, from: model)
    return try Walkthrough(
      trace: trace, script: script, baseline: baseline(for: trace, tokens: tokens))
  }

  /// The model's own run (no interventions, greedy) on `tokens`, `trace`'s prompt, with as
  /// many passes: `trace` itself when it is that run, otherwise recorded once per prompt.
  func baseline(for trace: Trace, tokens: [Int]) -> Trace {
    guard !trace.interventions.isEmpty || !trace.sampling.isGreedy else { return trace }
    if let cached = baselines.trace, cached.prompt == trace.prompt,
      cached.passes.count == trace.passes.count
    {
      return cached
    }
    var clean = model.trace(
      tokens: tokens, prompt: trace.prompt, passCount: trace.passes.count, sampling: .greedy,
      interventions: [], patchValues: [:], modelName: name, weightsSHA256: weightsSHA256)
    source.attachWeights(to: &clean, from: model)
    baselines.trace = clean
    return clean
  }
}

/// The last baseline the lab recorded, kept across re-runs with the same prompt.
final class BaselineCache {
  var trace: Trace?
}
