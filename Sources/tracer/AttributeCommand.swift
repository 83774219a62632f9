import Foundation
import TensorFiles
import TinyGPT

/// `tracer attribute`: direct logit attribution of one token's logit at the last position.
struct AttributeCommand: Command {
  static let name = "attribute"
  static let help = Help(
    usage:
      "tracer attribute [--prompt <text>] [--token <text>] [--json] [--ablate <spec>] [--model <path>]",
    abstract: "Split a logit into what each head, MLP, embedding and bias adds to it.",
    discussion:
      "The final residual stream at the last position is the sum of hook_embed, hook_pos_embed, each head's hook_result (L{l}H{h}), each attention bias b_O (L{l}.attn_bias) and each hook_mlp_out (L{l}.mlp). With the final LayerNorm's scale held at its value in the run, each part is centred, divided by it, multiplied by ln_f.weight and dotted with W_U[token]; ln_final.b · W_U[token] is one more part. The parts add up to the logit. A layer whose hook_attn_out is ablated or patched is one part, L{l}.attn; patches of the residual stream itself are refused. Exact definitions in Docs/cli.md.",
    options: [Options.prompt.spec, Options.token.spec, Options.json.spec] + ModelOptions.specs
      + InterventionOptions.specs,
    examples: [
      "tracer attribute --prompt \"the robots will bring\"",
      "tracer attribute --token food --ablate L0H1", "tracer attribute --json",
    ])

  var model: ModelOptions
  var interventions: InterventionOptions
  var prompt: String
  var token: String?
  var json: Bool

  init(parsing arguments: inout Arguments) throws {
    model = try ModelOptions(parsing: &arguments)
    interventions = try InterventionOptions(parsing: &arguments)
    prompt = try arguments.value(Options.prompt) ?? defaultPrompt
    token = try arguments.value(Options.token)
    json = arguments.isSet(Options.json)
  }

  func run() throws {
    let run = try AnalysisRun(model: model, prompt: prompt, interventions: interventions)
    let tokenizer = run.model.tokenizer
    var id: Int?
    if let token {
      guard let found = tokenizer.id(of: token) else {
        throw UsageError(
          ModelError.unknownToken(
            excerpt(token), suggestions: tokenizer.nearest(to: token, count: 3)
          )
          .description + " (--token)")
      }
      id = found
    }
    let attribution: LogitAttribution
    do {
      attribution = try run.model.logitAttribution(
        run.context.tokens, token: id, interventions: run.interventions,
        patchValues: run.patchValues)
    } catch {
      throw UsageError(error.description)
    }
    try Console.standard.out(json ? try self.json(attribution, run) : text(attribution, run))
  }

  /// A bar chart of the parts, largest |contribution| first, and the check of their sum.
  func text(_ a: LogitAttribution, _ run: AnalysisRun) -> String {
    let tokens = run.tokenTexts
    var lines = run.preamble
    lines.append(
      "logit of \"\(run.model.tokenizer.text(of: a.token))\" after \"\(run.model.tokenizer.decode(run.context.tokens))\" "
        + "(position \(a.position), \"\(tokens[a.position])\", \(run.name))")
    lines.append(
      run.model.config.normalizationType == nil
        ? "each part of the residual stream · W_U[token]"
        : "each part centred, / ln_final.hook_scale (held at its value in the run), · ln_f.weight, · W_U[token]; plus ln_final.b · W_U[token]"
    )
    lines.append("")
    let sorted = a.components.sorted {
      abs($0.contribution) != abs($1.contribution)
        ? abs($0.contribution) > abs($1.contribution) : $0.name < $1.name
    }
    let largest = sorted.first.map { abs($0.contribution) } ?? 0
    let nameWidth = a.components.map(\.name.count).max() ?? 0
    let half = 20
    for component in sorted {
      let value = component.contribution
      let length = largest > 0 ? Int((abs(value) / largest * Double(half)).rounded()) : 0
      let bar = String(repeating: "█", count: length)
      let left =
        value < 0
        ? String(repeating: " ", count: half - length) + bar : String(repeating: " ", count: half)
      let right = value > 0 ? bar : ""
      lines.append(
        pad(component.name, nameWidth) + "  "
          + String(repeating: " ", count: max(0, 10 - signed(value).count)) + signed(value) + "  "
          + left + "│"
          + right)
    }
    lines += [
      "",
      "sum of components = \(String(format: "%.6f", a.sum)), logit = \(String(format: "%.6f", Double(a.logit)))",
    ]
    return lines.map(\.trailingSpacesRemoved).joined(separator: "\n") + "\n"
  }

  /// `logit`, the `token`, its `position` and the `components` with `name` and `contribution`.
  func json(_ a: LogitAttribution, _ run: AnalysisRun) throws -> String {
    struct Component: Encodable {
      var name: String
      var contribution: Double
    }
    struct Token: Encodable {
      var id: Int
      var text: String
    }
    struct Output: Encodable {
      var prompt: String
      var tokens: [String]
      var cropped_tokens: Int
      var interventions: [String]
      var token: Token
      var position: Int
      var logit: Float
      var sum: Double
      var components: [Component]
    }
    return try encodedJSON(
      Output(
        prompt: prompt, tokens: run.tokenTexts, cropped_tokens: run.context.croppedCount,
        interventions: run.interventions.map(\.description),
        token: Token(id: a.token, text: run.model.tokenizer.text(of: a.token)),
        position: a.position, logit: a.logit, sum: a.sum,
        components: a.components.map { Component(name: $0.name, contribution: $0.contribution) }))
  }
}

extension Options {
  static let token = Option.text(
    "--token", placeholder: "text",
    help:
      "The token whose logit is split, as the vocabulary writes it (default: the top prediction)."
  )
}

/// `value` with a sign and 4 decimals, and `0.0000` without a sign when it rounds to zero.
func signed(_ value: Double) -> String {
  abs(value) < 0.000_05 ? "0.0000" : String(format: "%+.4f", value)
}
