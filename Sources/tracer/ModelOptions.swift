import BuiltinContent
import Foundation
import TensorFiles
import TinyGPT

/// `--model PATH`: a weights file, or the built-in model when absent.
struct ModelOptions {
  var path: String?

  static let specs = [Options.model.spec]

  init(parsing arguments: inout Arguments) throws {
    path = try arguments.value(Options.model)
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
      throw RunError("no such file: \(excerpt(path, limit: 200)) (built-in models: \(names))")
    }
    do {
      if HuggingFaceFolder.isFolder(path) {
        return (try HuggingFaceFolder.read(directory: path), (path as NSString).lastPathComponent)
      }
      return (try WeightsFile.read(contentsOf: path), (path as NSString).lastPathComponent)
    } catch {
      throw RunError("cannot load \(excerpt(path, limit: 200)): \(error)")
    }
  }
}

/// Checks before the work starts that an output may be written, by the rules of
/// `OutputTarget` (checked again when the file is renamed into place): never a directory,
/// device, FIFO, socket or symbolic link; an existing file only with `--force`. `-` means
/// standard output where `standardOutput` allows it.
func checkWritable(_ path: String, force: Bool, standardOutput: Bool = false) throws {
  let target = OutputTarget(argument: path, replacing: force)
  if target == .standardOutput && !standardOutput {
    throw RunError("this output cannot go to standard output ('-'); give a file name")
  }
  do {
    try target.check()
  } catch .exists {
    throw RunError("\(excerpt(path, limit: 200)) already exists (use --force to overwrite it)")
  } catch {
    throw RunError(error.description)
  }
}

/// The sampling options shared by `trace`, `generate` and `walk`.
struct SamplingOptions {
  var settings: SamplingSettings

  static let specs = [
    Options.temperature.spec, Options.topK.spec, Options.topP.spec, Options.seed.spec,
  ]

  init(parsing arguments: inout Arguments) throws {
    settings = SamplingSettings(
      temperature: Float(try arguments.value(Options.temperature) ?? 0),
      topK: try arguments.value(Options.topK),
      topP: (try arguments.value(Options.topP)).map { Float($0) },
      seed: try arguments.value(Options.seed) ?? 0)
    if settings.isGreedy && (settings.topK != nil || settings.topP != nil) {
      let given = [settings.topK.map { _ in "--top-k" }, settings.topP.map { _ in "--top-p" }]
        .compactMap { $0 }
      Console.standard.note(
        "note: \(given.joined(separator: " and ")) \(given.count == 1 ? "has" : "have") no effect at temperature 0 (greedy); give --temperature above 0 to sample\n"
      )
    }
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
