import Foundation
import TinyGPT

/// `tracer predict`: the most probable next tokens after a prompt.
struct PredictCommand: Command {
  static let name = "predict"
  static let help = Help(
    usage: "tracer predict --prompt <text> [--top <n>] [--json] [--model <path>]",
    abstract: "Print the most probable next tokens after a prompt, with their probabilities.",
    options: [
      ("--prompt <text>", "The text to continue (default: \"the robots will bring\")."),
      ("--top <n>", "How many candidates to list (default 5)."),
      ("--json", "Print JSON for machines instead of a table."),
      ModelOptions.helpEntry,
    ],
    examples: ["tracer predict --prompt \"the robots will bring\" --top 3"])

  var model: ModelOptions
  var prompt: String
  var top: Int
  var json: Bool

  init(parsing arguments: inout Arguments) throws {
    model = try ModelOptions(parsing: &arguments)
    prompt = try arguments.option("--prompt") ?? defaultPrompt
    top = try arguments.integer("--top", in: 1...1_000_000) ?? 5
    json = arguments.flag("--json")
  }

  func run() throws {
    let (model, _) = try model.load()
    let tokens = try model.tokenizer.encode(prompt)
    let context = model.context(for: tokens)
    let candidates = topCandidates(model.nextTokenProbabilities(tokens), count: top)
    let text = model.tokenizer
    if json {
      struct Output: Encodable {
        struct Entry: Encodable {
          var id: Int
          var text: String
          var probability: Float
        }
        var prompt: String
        var tokens: [String]
        var cropped_tokens: Int
        var candidates: [Entry]
      }
      let output = Output(
        prompt: prompt, tokens: context.tokens.map(text.text(of:)),
        cropped_tokens: context.croppedCount,
        candidates: candidates.map {
          .init(id: $0.id, text: text.text(of: $0.id), probability: $0.probability)
        })
      let encoder = JSONEncoder()
      encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
      try Console.standard.out(String(decoding: try encoder.encode(output), as: UTF8.self) + "\n")
      return
    }
    var lines: [String] = []
    if context.croppedCount > 0 {
      lines.append(
        "(the first \(context.croppedCount) tokens were cropped to fit n_ctx \(model.config.nCtx))")
    }
    lines.append("after \"\(text.decode(context.tokens))\" the model predicts:")
    let labelWidth = candidates.map { text.text(of: $0.id).count }.max() ?? 0
    for (rank, c) in candidates.enumerated() {
      let label = text.text(of: c.id)
      let bar = String(repeating: "█", count: Int((c.probability * 30).rounded()))
      let padded = label + String(repeating: " ", count: labelWidth - label.count)
      lines.append(
        String(format: "%3d. %@  %.4f  %@", rank + 1, padded, Double(c.probability), bar))
    }
    try Console.standard.out(lines.joined(separator: "\n") + "\n")
  }
}
