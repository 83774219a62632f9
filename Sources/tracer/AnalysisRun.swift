import TinyGPT

/// What `lens` and `attribute` run: the model, the prompt's tokens cropped to `n_ctx`, and the
/// interventions made to the one forward pass they read.
struct AnalysisRun {
  var model: Model
  var name: String
  var context: Context
  var interventions: [Intervention]
  var patchValues: [PatchTarget: Tensor]

  /// Loads the model, encodes `prompt` and resolves the interventions against this run.
  init(model options: ModelOptions, prompt: String, interventions: InterventionOptions) throws {
    (model, name) = try options.load()
    noteIfLarge(model, doing: "running")
    let tokens = try model.tokenizer.encode(prompt)
    try model.validate(tokens: tokens)
    context = model.context(for: tokens)
    (self.interventions, patchValues) = try interventions.resolve(
      for: model, tokenCount: context.tokens.count)
  }

  /// The texts of the tokens fed to the model.
  var tokenTexts: [String] { context.tokens.map(model.tokenizer.text(of:)) }

  /// Lines saying what was changed and cropped (empty for the model's own run on a short prompt).
  var preamble: [String] {
    var lines: [String] = []
    if !interventions.isEmpty {
      lines.append("interventions: " + interventions.map(\.description).joined(separator: ", "))
    }
    if context.croppedCount > 0 {
      lines.append(
        "(the first \(context.croppedCount) tokens were cropped to fit n_ctx \(model.config.nCtx))")
    }
    return lines
  }
}
