import BuiltinContent
import Foundation
import TinyGPT

/// `--model PATH`: a weights file, or the built-in model when absent.
struct ModelOptions {
  var path: String?

  static let helpEntry = (
    "--model <path|name>",
    "A weights file (.json or .safetensors), a Hugging Face GPT-2 folder, or a built-in model: robots (the default) or sort."
  )

  init(parsing arguments: inout Arguments) throws {
    path = try arguments.option("--model")
  }

  /// Loads the model and a short name for it.
  func load() throws -> (model: Model, name: String) {
    let name = path ?? "robots"
    if !FileManager.default.fileExists(atPath: name),
      let builtin = BuiltinContent.models.first(where: { $0.name == name })
    {
      return (try WeightsFile.decode(builtin.json, format: .json), "built-in \(name)")
    }
    guard let path else { throw RunError("the built-in model is missing") }
    guard FileManager.default.fileExists(atPath: path) else {
      let names = BuiltinContent.models.map(\.name).joined(separator: ", ")
      throw RunError("no such file: \(path) (built-in models: \(names))")
    }
    do {
      if HuggingFaceFolder.isFolder(path) {
        return (try HuggingFaceFolder.read(directory: path), (path as NSString).lastPathComponent)
      }
      return (try WeightsFile.read(contentsOf: path), (path as NSString).lastPathComponent)
    } catch {
      throw RunError("cannot load \(path): \(error)")
    }
  }
}

/// Checks that an output path may be written: refuses to replace an existing file without `--force`.
func checkWritable(_ path: String, force: Bool) throws {
  if FileManager.default.fileExists(atPath: path) && !force {
    throw RunError("\(path) already exists (use --force to overwrite it)")
  }
  let directory = (path as NSString).deletingLastPathComponent
  if !directory.isEmpty && !FileManager.default.fileExists(atPath: directory) {
    throw RunError("no such directory: \(directory)")
  }
}

/// The sampling options shared by `trace`, `generate` and `walk`.
struct SamplingOptions {
  var settings: SamplingSettings

  static let helpEntries = [
    (
      "--temperature <t>",
      "0 (default) is greedy: always the most probable token. Higher is more random."
    ),
    ("--top-k <k>", "Sample only among the k most probable tokens."),
    ("--top-p <p>", "Sample only among the most probable tokens whose probabilities add up to p."),
    ("--seed <n>", "Seed of the sampling generator (default 0). Same seed, same output."),
  ]

  init(parsing arguments: inout Arguments) throws {
    settings = SamplingSettings(
      temperature: Float(try arguments.number("--temperature", in: 0...100) ?? 0),
      topK: try arguments.integer("--top-k", in: 1...1_000_000),
      topP: (try arguments.number("--top-p", in: 0.000_001...1)).map { Float($0) },
      seed: try arguments.option("--seed", as: "a whole number >= 0") { UInt64($0) } ?? 0)
  }
}

/// Tells the user on standard error that a large model will take a moment (the terminal would
/// otherwise sit silent for seconds).
func noteIfLarge(_ model: Model, doing what: String) {
  let count = model.parameters.parameterCount
  if count >= 10_000_000 {
    Console.standard.note("\(what) a \(grouped(count))-parameter model...\n")
  }
}
