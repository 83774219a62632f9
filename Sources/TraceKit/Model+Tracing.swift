import TensorFiles
import TinyGPT

extension Model {
  /// Traces `prompt` over `passCount` forward passes of the generation loop: each pass records
  /// every activation and chooses one token, which is appended before the next pass.
  ///
  /// `interventions` change every pass (their patch values from `patchValues`); the recorded
  /// activations are the changed values. The same model, prompt and settings give the same trace.
  /// `onPass` sees each pass as it ends.
  public func trace(
    prompt: String, passCount: Int = 1, sampling: SamplingSettings = .greedy,
    interventions: [Intervention] = [], patchValues: [PatchTarget: Tensor] = [:],
    modelName: String, weightsSHA256: String, candidateCount: Int = 10,
    onPass: (Pass) -> Void = { _ in }
  ) throws -> Trace {
    let tokens = try tokenizer.encode(prompt)
    try validate(tokens: tokens)
    return trace(
      tokens: tokens, prompt: prompt, passCount: passCount, sampling: sampling,
      interventions: interventions, patchValues: patchValues, modelName: modelName,
      weightsSHA256: weightsSHA256, candidateCount: candidateCount, onPass: onPass)
  }

  /// `trace(prompt:…)` from token ids (valid ids of this model, at least one).
  public func trace(
    tokens: [Int], prompt: String, passCount: Int = 1, sampling: SamplingSettings = .greedy,
    interventions: [Intervention] = [], patchValues: [PatchTarget: Tensor] = [:],
    modelName: String, weightsSHA256: String, candidateCount: Int = 10,
    onPass: (Pass) -> Void = { _ in }
  ) -> Trace {
    var passes: [Pass] = []
    _ = generate(
      after: tokens, count: max(1, passCount), sampling: sampling,
      hooks: { Intervening(interventions, patchValues: patchValues, inner: TraceRecorder()) },
      onStep: { step, hooks in
        let pass = self.pass(step, activations: hooks.inner.activations, candidates: candidateCount)
        onPass(pass)
        passes.append(pass)
      })
    return Trace(
      config: config, modelName: modelName, weightsSHA256: weightsSHA256, tokenizer: tokenizer,
      prompt: prompt, sampling: sampling, interventions: interventions, passes: passes)
  }

  /// A recorded pass from one step of the generation loop.
  func pass(_ step: GenerationStep, activations: [Activation], candidates: Int) -> Pass {
    let probabilities = softmaxRows(Matrix(rows: 1, cols: step.logits.count, data: step.logits))
    return Pass(
      tokens: step.context.tokens.map { TokenRef(id: $0, text: tokenizer.text(of: $0)) },
      croppedTokenCount: step.context.croppedCount,
      activations: activations,
      candidates: topCandidates(probabilities.data, count: candidates).map {
        Candidate(id: $0.id, text: tokenizer.text(of: $0.id), probability: $0.probability)
      },
      chosen: TokenRef(id: step.chosen, text: tokenizer.text(of: step.chosen)))
  }
}
