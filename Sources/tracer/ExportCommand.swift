import Foundation
import TinyGPT

/// `tracer export`: a model as a Hugging Face GPT-2 folder that `transformers` loads.
struct ExportCommand: Command {
  static let name = "export"
  static let help = Help(
    usage: "tracer export [--model <path>] -o <dir> [--force]",
    abstract:
      "Write a model as a Hugging Face GPT-2 folder (config.json, model.safetensors, tokenizer).",
    discussion:
      "GPT2LMHeadModel.from_pretrained(dir) loads the folder. A BPE model gets GPT-2's vocab.json and merges.txt; word and char models get a tokenizer.json (WordLevel) that splits text as this tool does. Models without LayerNorm or with sinusoidal or no positions cannot be expressed and are refused. See Docs/weights-format.md.",
    options: ModelOptions.specs + [
      Options.output.help("The folder to write (required); created if missing.").spec,
      Options.force.help("Write into an existing folder, replacing the files of the same names.")
        .spec,
    ],
    examples: [
      "tracer export --model robots -o robots-hf", "tracer export --model ./gpt2 -o gpt2-copy",
    ])

  var model: ModelOptions
  var output: String
  var force: Bool

  init(parsing arguments: inout Arguments) throws {
    model = try ModelOptions(parsing: &arguments)
    guard let output = try arguments.value(Options.output) else {
      throw UsageError("-o <dir> is required")
    }
    self.output = output
    force = arguments.isSet(Options.force)
  }

  func run() throws {
    var isDirectory: ObjCBool = false
    if FileManager.default.fileExists(atPath: output, isDirectory: &isDirectory) {
      guard isDirectory.boolValue else { throw RunError("\(output) exists and is not a folder") }
      guard force else { throw RunError("\(output) already exists (use --force to write into it)") }
    }
    let (model, name) = try model.load()
    if let problem = HuggingFaceFolder.exportProblem(model) {
      throw RunError("cannot export \(name) as a Hugging Face GPT-2 folder: \(problem)")
    }
    if !isDirectory.boolValue {
      do {
        try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: false)
      } catch {
        throw RunError("cannot create the folder \(output) (does its parent exist?)")
      }
    }
    try HuggingFaceFolder.write(model, to: output, replacing: force)
    Console.standard.note(
      "wrote \(output): config.json, model.safetensors (\(grouped(model.parameters.parameterCount)) parameters), "
        + "\(HuggingFaceFolder.tokenizerFiles(model).map(\.name).joined(separator: ", "))\n")
  }
}
