import Foundation
import TinyGPT

/// `tracer predict`: the most probable next tokens after a prompt, and what interventions
/// change about them.
struct PredictCommand: Command {
  static let name = "predict"
  static let help = Help(
    usage: "tracer predict --prompt <text> [--top <n>] [--json] [--ablate <spec>] [--model <path>]",
    abstract: "Print the most probable next tokens after a prompt, with their probabilities.",
    discussion:
      "With interventions (--ablate, --no-mask, --patch) it prints the model's own probabilities and the changed ones side by side, with the change.",
    options: [Options.prompt.spec, Options.promptFile.spec, Options.top.spec, Options.json.spec]
      + ModelOptions.specs
      + InterventionOptions.specs,
    examples: [
      "tracer predict --prompt \"the robots will bring\" --top 3",
      "tracer predict --ablate L0H1", "tracer predict --ablate L1.mlp --ablate L0.attn",
      "tracer predict --no-mask --json",
    ])

  var model: ModelOptions
  var interventions: InterventionOptions
  var prompt: String
  var top: Int
  var json: Bool

  init(parsing arguments: inout Arguments) throws {
    model = try ModelOptions(parsing: &arguments)
    interventions = try InterventionOptions(parsing: &arguments)
    prompt = try PromptOptions(parsing: &arguments).text ?? defaultPrompt
    top = try arguments.value(Options.top) ?? 5
    json = arguments.isSet(Options.json)
  }

  func run() throws {
    let (model, _) = try model.load()
    let tokens = try model.tokenizer.encode(prompt)
    try model.validate(tokens: tokens)
    let context = model.context(for: tokens)
    let clean = model.nextTokenProbabilities(tokens)
    var changed: (interventions: [Intervention], probabilities: [Float])?
    if !interventions.isEmpty {
      let (list, values) = try interventions.resolve(for: model, tokenCount: context.tokens.count)
      changed = (
        list, model.nextTokenProbabilities(tokens, interventions: list, patchValues: values)
      )
    }
    let output = Prediction(
      model: model, prompt: prompt, context: context, top: top, clean: clean, changed: changed)
    try Console.standard.out(json ? try output.json() : output.table())
  }
}

extension Options {
  static let top = Option.integer(
    "--top", in: 1...1_000_000, help: "How many candidates to list (default 5).")
}
