import Foundation
import TinyGPT

/// `tracer lens`: the logit lens, the residual stream after each layer read as a prediction.
struct LensCommand: Command {
  static let name = "lens"
  static let help = Help(
    usage: "tracer lens [--prompt <text>] [--json] [--ablate <spec>] [--model <path>]",
    abstract: "Print the logit lens: what the residual stream would predict after each layer.",
    discussion:
      "The embeddings (blocks.0.hook_resid_pre) and each block's hook_resid_post go through the final LayerNorm (with its weight and bias; nothing for models without LayerNorm), the unembedding and softmax; the top 5 tokens at every position. With interventions the streams are those of the changed run. Exact definitions in Docs/cli.md.",
    options: [Options.prompt.spec, Options.json.spec] + ModelOptions.specs
      + InterventionOptions.specs,
    examples: [
      "tracer lens --prompt \"the robots will bring\"", "tracer lens --ablate L1.mlp",
      "tracer lens --json",
    ])

  /// Candidates listed per position.
  static let candidateCount = 5

  var model: ModelOptions
  var interventions: InterventionOptions
  var prompt: String
  var json: Bool

  init(parsing arguments: inout Arguments) throws {
    model = try ModelOptions(parsing: &arguments)
    interventions = try InterventionOptions(parsing: &arguments)
    prompt = try arguments.value(Options.prompt) ?? defaultPrompt
    json = arguments.isSet(Options.json)
  }

  func run() throws {
    let run = try AnalysisRun(model: model, prompt: prompt, interventions: interventions)
    let lens = run.model.logitLens(
      run.context.tokens, interventions: run.interventions, patchValues: run.patchValues)
    try Console.standard.out(json ? try self.json(lens, run) : text(lens, run))
  }

  /// A short column label for a lens layer: `embed` or `block l`.
  static func label(_ name: ActivationName) -> String {
    name.point == .residPre ? "embed" : "block \(name.layer ?? 0)"
  }

  /// A grid (rows: positions, columns: layers) of the top token and its probability, then the
  /// last position's top 5 per layer.
  func text(_ lens: LogitLens, _ run: AnalysisRun) -> String {
    let tokens = run.tokenTexts
    var lines = run.preamble
    lines.append(
      "logit lens of \"\(run.model.tokenizer.decode(run.context.tokens))\" (\(run.name))")
    lines.append(
      "embed = blocks.0.hook_resid_pre, block l = blocks.l.hook_resid_post, each through "
        + (run.model.config.normalizationType == nil ? "" : "ln_final, ") + "W_U and softmax")
    lines.append("")
    func cell(_ id: Int, _ p: Float) -> String {
      String(run.model.tokenizer.text(of: id).prefix(12)) + " " + String(format: "%.2f", p)
    }
    let cells = tokens.indices.map { position in
      lens.layers.map { layer in
        layer.top(1, at: position).first.map { cell($0.id, $0.probability) } ?? ""
      }
    }
    let labels = lens.layers.map { Self.label($0.name) }
    let tokenWidth = min(12, tokens.map(\.count).max() ?? 0)
    let widths = labels.indices.map { c in
      max(labels[c].count, cells.map { $0[c].count }.max() ?? 0)
    }
    let lead = "pos  " + pad("input", max(5, tokenWidth))
    lines.append(
      lead + zip(labels, widths).map { "  " + pad($0, $1) }.joined())
    for (position, row) in cells.enumerated() {
      let start =
        String(format: "%3d  ", position)
        + pad(String(tokens[position].prefix(12)), max(5, tokenWidth))
      lines.append(start + zip(row, widths).map { "  " + pad($0, $1) }.joined())
    }
    let last = tokens.count - 1
    lines += [
      "", "top \(Self.candidateCount) at the last position (\(last), \"\(tokens[last])\"):",
    ]
    let labelWidth = labels.map(\.count).max() ?? 0
    for (layer, label) in zip(lens.layers, labels) {
      let top = layer.top(Self.candidateCount, at: last).map { cell($0.id, $0.probability) }
      lines.append("  " + pad(label, labelWidth) + "  " + top.joined(separator: "  "))
    }
    return lines.map(\.trailingSpacesRemoved).joined(separator: "\n") + "\n"
  }

  /// `layers`, each with the hook `name` it reads and per position its `candidates`.
  func json(_ lens: LogitLens, _ run: AnalysisRun) throws -> String {
    struct Candidate: Encodable {
      var id: Int
      var text: String
      var probability: Float
    }
    struct Layer: Encodable {
      var name: String
      var positions: [[Candidate]]
    }
    struct Output: Encodable {
      var prompt: String
      var tokens: [String]
      var cropped_tokens: Int
      var interventions: [String]
      var layers: [Layer]
    }
    let layers = lens.layers.map { layer in
      Layer(
        name: layer.name.description,
        positions: run.context.tokens.indices.map { position in
          layer.top(Self.candidateCount, at: position).map {
            Candidate(
              id: $0.id, text: run.model.tokenizer.text(of: $0.id), probability: $0.probability)
          }
        })
    }
    return try encodedJSON(
      Output(
        prompt: prompt, tokens: run.tokenTexts, cropped_tokens: run.context.croppedCount,
        interventions: run.interventions.map(\.description), layers: layers))
  }
}
