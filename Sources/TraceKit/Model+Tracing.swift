import TensorFiles
import TinyGPT

extension Model {
  /// Runs one recorded forward pass over `tokens` (cropped to `n_ctx`) and picks the next token.
  public func tracedPass(
    _ tokens: [Int], sampling: SamplingSettings, rng: inout RandomSource, candidateCount: Int = 10
  ) -> Pass {
    let context = self.context(for: tokens)
    var recorder = TraceRecorder()
    let logits = forward(context.tokens, recorder: &recorder)  // [pos, d_vocab]
    let last = logits.row(logits.rows - 1)
    let probabilities = softmaxRows(Matrix(rows: 1, cols: last.count, data: last)).data
    let next = sampleToken(logits: last, settings: sampling, rng: &rng)
    return Pass(
      tokens: context.tokens.map { TokenRef(id: $0, text: tokenizer.text(of: $0)) },
      croppedTokenCount: context.croppedCount,
      activations: recorder.activations,
      candidates: topCandidates(probabilities, count: candidateCount).map {
        Candidate(id: $0.id, text: tokenizer.text(of: $0.id), probability: $0.probability)
      },
      chosen: TokenRef(id: next, text: tokenizer.text(of: next)))
  }

  /// Traces `prompt` over `passCount` forward passes: each pass chooses one token, which is
  /// appended before the next pass (so `passCount` tokens are generated).
  ///
  /// The same model, prompt and settings give the same trace. `onPass` sees each pass as it ends.
  public func trace(
    prompt: String, passCount: Int = 1, sampling: SamplingSettings = .greedy,
    modelName: String, weightsSHA256: String, onPass: (Pass) -> Void = { _ in }
  ) throws -> Trace {
    var tokens = try tokenizer.encode(prompt)
    try validate(tokens: tokens)
    var rng = RandomSource(seed: sampling.seed)
    var passes: [Pass] = []
    for _ in 0..<max(1, passCount) {
      let pass = tracedPass(tokens, sampling: sampling, rng: &rng)
      onPass(pass)
      passes.append(pass)
      tokens.append(pass.chosen.id)
    }
    return Trace(
      config: config, modelName: modelName, weightsSHA256: weightsSHA256, tokenizer: tokenizer,
      prompt: prompt, sampling: sampling, passes: passes)
  }
}
