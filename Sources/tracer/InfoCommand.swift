import Foundation
import TinyGPT

/// `tracer info`: the config and every weight tensor of a model.
struct InfoCommand: Command {
  static let name = "info"
  static let help = Help(
    usage: "tracer info [--model <path>] [--json]",
    abstract:
      "Print a model's config, its notes, and a table of every weight tensor with its shape.",
    options: ModelOptions.specs + [Options.json.spec])

  var model: ModelOptions
  var json: Bool

  init(parsing arguments: inout Arguments) throws {
    model = try ModelOptions(parsing: &arguments)
    json = arguments.isSet(Options.json)
  }

  func run() throws {
    let (model, name) = try model.load()
    let tensors = model.parameters.namedTensors()
    let total = tensors.reduce(0) { $0 + $1.tensor.count }
    let sha = WeightsFile.sha256(of: model)
    if json {
      struct Output: Encodable {
        struct Entry: Encodable {
          var name: String
          var shape: [Int]
          var parameters: Int
        }
        var model: String
        var config: ModelConfig
        var tokenizer: [String: String]
        var metadata: [String: String]
        var tensors: [Entry]
        var total_parameters: Int
        var weights_sha256: String
      }
      let output = Output(
        model: name, config: model.config,
        tokenizer: [
          "kind": model.tokenizer.kind.rawValue, "size": "\(model.tokenizer.vocabulary.count)",
        ],
        metadata: model.metadata,
        tensors: tensors.map {
          .init(name: $0.name, shape: $0.tensor.shape, parameters: $0.tensor.count)
        },
        total_parameters: total, weights_sha256: sha)
      let encoder = JSONEncoder()
      encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
      try Console.standard.out(String(decoding: try encoder.encode(output), as: UTF8.self) + "\n")
      return
    }
    let c = model.config
    var lines = ["model: \(name)"]
    if let description = model.metadata["description"] { lines.append("  \(description)") }
    for key in model.metadata.keys.sorted() where key != "description" {
      lines.append("  \(key): \(model.metadata[key] ?? "")")
    }
    lines += [
      "", "config:",
      "  n_layers \(c.nLayers)   d_model \(c.dModel)   n_heads \(c.nHeads)   d_head \(c.dHead)   d_mlp \(c.dMLP)",
      "  n_ctx \(c.nCtx)   d_vocab \(c.dVocab)   act_fn \(c.actFn.rawValue)   ln_eps \(c.lnEps)",
      "  normalization_type \(c.normalizationType?.rawValue ?? "none")   positional_embedding_type \(c.positionalEmbeddingType.rawValue)   tie_word_embeddings \(c.tieWordEmbeddings)",
      "tokenizer: \(model.tokenizer.kind == .bpe ? "GPT-2 byte-level BPE" : model.tokenizer.kind.rawValue + "-level"), \(model.tokenizer.vocabulary.count) tokens",
      "weights sha256: \(sha)", "",
    ]
    let nameWidth = max(6, tensors.map(\.name.count).max() ?? 0)
    let shapeTexts = tensors.map {
      "[" + $0.tensor.shape.map(String.init).joined(separator: ", ") + "]"
    }
    let shapeWidth = max(5, shapeTexts.map(\.count).max() ?? 0)
    func row(_ a: String, _ b: String, _ n: String) -> String {
      a.padding(toLength: nameWidth, withPad: " ", startingAt: 0) + "  "
        + b.padding(toLength: shapeWidth, withPad: " ", startingAt: 0) + "  "
        + String(repeating: " ", count: max(0, 12 - n.count)) + n
    }
    lines.append(row("tensor", "shape", "parameters"))
    for (entry, shape) in zip(tensors, shapeTexts) {
      lines.append(row(entry.name, shape, grouped(entry.tensor.count)))
    }
    lines.append(row("total", "", grouped(total)))
    try Console.standard.out(lines.joined(separator: "\n") + "\n")
  }
}

/// `1234567` as `1,234,567`.
func grouped(_ n: Int) -> String {
  let digits = Array(String(n))
  var out = ""
  for (i, d) in digits.enumerated() {
    if i > 0 && (digits.count - i) % 3 == 0 { out += "," }
    out.append(d)
  }
  return out
}
