import TensorFiles
import TinyGPT
import TraceKit

/// `--ablate`, `--no-mask` and `--patch/--from`, shared by `predict`, `generate`, `trace` and
/// `walk`: the changes to make to the forward pass.
struct InterventionOptions {
  var ablations: [String]
  var noMask: Bool
  var patches: [String]
  var from: String?

  static let specs = [
    Options.ablate.spec, Options.noMask.spec, Options.patch.spec, Options.from.spec,
  ]

  init(parsing arguments: inout Arguments) throws {
    ablations = try arguments.values(Options.ablate)
    noMask = arguments.isSet(Options.noMask)
    patches = try arguments.values(Options.patch)
    from = try arguments.value(Options.from)
    if !patches.isEmpty && from == nil { throw UsageError("--patch needs --from <trace.json>") }
    if patches.isEmpty && from != nil {
      throw UsageError("--from needs at least one --patch <hook>")
    }
  }

  /// Whether any intervention was asked for.
  var isEmpty: Bool { ablations.isEmpty && !noMask && patches.isEmpty }

  /// Whether a patch was asked for (patched runs record one pass).
  var patching: Bool { !patches.isEmpty }

  /// The interventions for `model`, with the patch values read from the `--from` trace,
  /// checked against this run: the same weights, the same token count, the hook present.
  func resolve(for model: Model, tokenCount: Int) throws -> (
    interventions: [Intervention], patchValues: [PatchTarget: Tensor]
  ) {
    var interventions: [Intervention] = []
    do {
      for text in ablations {
        let intervention = try Intervention(ablation: text, config: model.config)
        if !interventions.contains(intervention) { interventions.append(intervention) }
      }
      if noMask { interventions.append(.noMask) }
      guard let from, !patches.isEmpty else { return (interventions, [:]) }
      let targets = try patches.map { try PatchTarget($0, config: model.config) }
      let source = try patchSource(from, for: model, tokenCount: tokenCount)
      var values: [PatchTarget: Tensor] = [:]
      for target in targets {
        let name = target.sourceName
        guard let activation = source.activation(name) else {
          throw RunError("--from \(from) has no activation \(name) in pass 0")
        }
        let expected = name.point.shape(pos: tokenCount, config: model.config)
        guard activation.shape == expected else {
          throw RunError(
            "--from \(from): \(name) has shape \(activation.shape), this run needs \(expected)")
        }
        values[target] = Tensor(shape: activation.shape, data: activation.data)
        interventions.append(.patch(target: target, source: lastPathComponent(from)))
      }
      return (interventions, values)
    } catch let error as InterventionError {
      throw UsageError(error.description)
    }
  }

  /// Pass 0 of the `--from` trace, refused when it comes from other weights or has another
  /// number of tokens than this run.
  func patchSource(_ path: String, for model: Model, tokenCount: Int) throws -> Pass {
    let trace: Trace
    do {
      trace = try TraceFile.read(contentsOf: path)
    } catch {
      throw RunError("cannot read --from \(path): \(error)")
    }
    guard trace.weightsSHA256 == WeightsFile.sha256(of: model) else {
      throw RunError(
        "--from \(path) was recorded with another model (weights \(trace.weightsSHA256.prefix(12))…, "
          + "this one \(WeightsFile.sha256(of: model).prefix(12))…)")
    }
    guard let pass = trace.passes.first else { throw RunError("--from \(path) has no passes") }
    guard pass.tokens.count == tokenCount else {
      throw RunError(
        "--from \(path) has \(pass.tokens.count) tokens in pass 0, this prompt has \(tokenCount) "
          + "(patching needs the same token count)")
    }
    return pass
  }
}

/// The file name at the end of a path.
func lastPathComponent(_ path: String) -> String {
  path.split(separator: "/").last.map(String.init) ?? path
}
