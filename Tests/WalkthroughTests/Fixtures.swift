import BuiltinContent
import TensorFiles
import TerminalKit
import TinyGPT
import TraceKit
import Walkthrough

/// The models and traces the walkthrough tests share, built once per test process.
enum Fixtures {
  /// The robots vocabulary of the built-in model.
  static let robotsVocabulary = [
    "the", "robots", "will", "bring", "prosperity", "a", "robot", "brings", "joy", "to", "people",
    ".",
  ]

  /// The prompt of `tracer walk`.
  static let prompt = "the robots will bring"

  /// The passes `tracer walk` records by default.
  static let passCount = 4

  /// The default walkthrough script, parsed.
  static let script: WalkthroughScript = {
    do {
      return try WalkthroughScript(parsing: BuiltinContent.defaultScript)
    } catch {
      preconditionFailure("the built-in script does not parse: \(error)")
    }
  }()

  /// The built-in default model.
  static let defaultModel: Model = {
    do {
      return try WeightsFile.decode(BuiltinContent.defaultModel, format: .json)
    } catch {
      preconditionFailure("the built-in model does not decode: \(error)")
    }
  }()

  /// A seeded two-layer model over the robots vocabulary with the given variations.
  static func model(
    normalization: NormalizationType?, positional: PositionalEmbeddingType, seed: UInt64
  ) -> Model {
    let config = ModelConfig(
      nLayers: 2, dModel: 8, nHeads: 2, dMLP: 32, nCtx: 16, dVocab: robotsVocabulary.count,
      actFn: .relu, normalizationType: normalization, positionalEmbeddingType: positional)
    do {
      return try Model.randomlyInitialized(
        config: config, tokenizer: Tokenizer(kind: .word, vocabulary: robotsVocabulary), seed: seed)
    } catch {
      preconditionFailure("cannot build the test model: \(error)")
    }
  }

  /// A model without LayerNorm (learned positions).
  static let noLayerNormModel = model(normalization: nil, positional: .standard, seed: 11)
  /// A model with LayerNorm and no positional encoding.
  static let noPositionModel = model(normalization: .layerNorm, positional: .none, seed: 12)
  /// A model with LayerNorm and sinusoidal positions.
  static let sinusoidalModel = model(normalization: .layerNorm, positional: .sinusoidal, seed: 13)

  /// `model`'s trace of the default prompt over `passes` greedy passes; with `weights`, the
  /// trace carries the model's weights (as `tracer walk` does for the built-in models).
  static func trace(_ model: Model, name: String, passes: Int = passCount, weights: Bool = false)
    -> Trace
  {
    do {
      var trace = try model.trace(
        prompt: prompt, passCount: passes, sampling: .greedy, modelName: name,
        weightsSHA256: WeightsFile.sha256(of: model))
      if weights {
        trace.parameters = model.parameters.namedTensors().map {
          NamedTensor(name: $0.name, tensor: $0.tensor)
        }
        trace.permutation = model.permutationRun(
          tokens: trace.passes.first?.tokens.map(\.id) ?? [])
      }
      return trace
    } catch {
      preconditionFailure("cannot trace \(name): \(error)")
    }
  }

  /// The built-in model's trace, with its weights (pages draw the weight matrices).
  static let defaultTrace = trace(defaultModel, name: "built-in", weights: true)
  /// The same trace without weights (pages draw the weights as boxes).
  static let defaultTraceWithoutWeights: Trace = {
    var trace = defaultTrace
    trace.parameters = []
    trace.permutation = nil
    return trace
  }()
  static let noLayerNormTrace = trace(noLayerNormModel, name: "no-layernorm")
  static let noPositionTrace = trace(noPositionModel, name: "no-position")
  static let sinusoidalTrace = trace(sinusoidalModel, name: "sinusoidal")

  /// The named traces the snapshot and layout tests cover.
  static let traces: [(name: String, trace: Trace)] = [
    ("default", defaultTrace), ("default-no-weights", defaultTraceWithoutWeights),
    ("no-layernorm", noLayerNormTrace),
    ("positional-none", noPositionTrace), ("sinusoidal", sinusoidalTrace),
  ]

  /// `trace` matched with the default script.
  static func walkthrough(_ trace: Trace) throws -> Walkthrough {
    try Walkthrough(trace: trace, script: script)
  }
}

/// Every page of `walkthrough` rendered as `tracer walk --all` prints it: pages encoded at
/// `level`, separated by a blank line.
func printedPages(
  _ walkthrough: Walkthrough, width: Int, level: ColorLevel,
  position: WalkthroughPosition = WalkthroughPosition()
) -> String {
  let encoder = ANSIEncoder(level: level)
  var out = ""
  for page in walkthrough.pages.indices {
    if page > 0 { out += "\n" }
    var at = position
    at.page = page
    out += encoder.encode(walkthrough.document(page: page, at: at).render(width: width))
    out += "\n"
  }
  return out
}

/// Each page's lines at `width`, with the page index.
func renderedPages(_ walkthrough: Walkthrough, width: Int, position: WalkthroughPosition = .init())
  -> [(page: Int, lines: [StyledLine])]
{
  walkthrough.pages.indices.map { page in
    var at = position
    at.page = page
    return (page, walkthrough.document(page: page, at: at).render(width: width))
  }
}
