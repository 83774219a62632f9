import TensorFiles
import TinyGPT

/// Everything one run of the model recorded: the model's shape, the prompt, and one `Pass` per
/// forward pass (one for `trace`, one per generated token for `generate --trace`).
///
/// A trace is all the walkthrough needs; it never touches the model. See `Docs/trace-format.md`.
public struct Trace: Equatable, Sendable {
  /// The value of the file's `format` field.
  public static let formatName = "transformer-tracer-trace"
  /// The version this build writes.
  public static let currentVersion = 2
  /// The versions this build reads (1: no `interventions`, no `parameters`).
  public static let readableVersions: ClosedRange<Int> = 1...2

  public var config: ModelConfig
  /// A short human name for the model (the file it came from, or `built-in`).
  public var modelName: String
  /// SHA-256 of the weights, hex, as `WeightsFile.sha256` computes it; empty in a trace made
  /// only to be shown (a live walkthrough), never in one written to a file.
  public var weightsSHA256: String
  public var tokenizer: Tokenizer
  public var prompt: String
  public var sampling: SamplingSettings
  /// The changes made to the forward pass (empty for the model's own run). The recorded
  /// activations are the values after them.
  public var interventions: [Intervention]
  /// The model's weights under their GPT-2 names, in canonical order, when the trace carries
  /// them (empty otherwise): what lets a page draw `W_Q` and explain how a cell was made.
  public var parameters: [NamedTensor]
  public var passes: [Pass]
  /// The prompt run shuffled without positions and mask, when recorded (traces that carry
  /// the weights): see `PermutationRun`.
  public var permutation: PermutationRun?

  public init(
    config: ModelConfig, modelName: String, weightsSHA256: String, tokenizer: Tokenizer,
    prompt: String, sampling: SamplingSettings, interventions: [Intervention] = [],
    parameters: [NamedTensor] = [], passes: [Pass], permutation: PermutationRun? = nil
  ) {
    self.config = config
    self.modelName = modelName
    self.weightsSHA256 = weightsSHA256
    self.tokenizer = tokenizer
    self.prompt = prompt
    self.sampling = sampling
    self.interventions = interventions
    self.parameters = parameters
    self.passes = passes
    self.permutation = permutation
  }
}

/// A weight tensor under its GPT-2 name (`transformer.h.0.attn.c_attn.weight`).
public struct NamedTensor: Equatable, Sendable {
  public var name: String
  public var tensor: Tensor
  public init(name: String, tensor: Tensor) {
    self.name = name
    self.tensor = tensor
  }
}

extension Trace {
  /// The weight tensor named `name`, if the trace carries the weights.
  public func parameter(_ name: String) -> Tensor? {
    parameters.first { $0.name == name }?.tensor
  }
}

/// A token id with its text, as stored in traces.
public struct TokenRef: Equatable, Sendable {
  public var id: Int
  public var text: String
  public init(id: Int, text: String) {
    self.id = id
    self.text = text
  }
}

/// One next-token candidate and its probability.
public struct Candidate: Equatable, Sendable {
  public var id: Int
  public var text: String
  public var probability: Float
  public init(id: Int, text: String, probability: Float) {
    self.id = id
    self.text = text
    self.probability = probability
  }
}

/// One forward pass: its input tokens, every activation in execution order, and the outcome.
public struct Pass: Equatable, Sendable {
  /// The tokens fed to the model (after any cropping to `n_ctx`).
  public var tokens: [TokenRef]
  /// How many tokens were dropped from the front because the context was longer than `n_ctx`.
  public var croppedTokenCount: Int
  public var activations: [Activation]
  /// The most probable next tokens at the last position, best first.
  public var candidates: [Candidate]
  /// The token chosen to come next (by the sampling settings).
  public var chosen: TokenRef

  public init(
    tokens: [TokenRef], croppedTokenCount: Int, activations: [Activation], candidates: [Candidate],
    chosen: TokenRef
  ) {
    self.tokens = tokens
    self.croppedTokenCount = croppedTokenCount
    self.activations = activations
    self.candidates = candidates
    self.chosen = chosen
  }

  /// The activation recorded under `name`, if any.
  public func activation(_ name: ActivationName) -> Activation? {
    let key = name.description
    return activations.first { $0.name == key }
  }

  /// The activation recorded under the TransformerLens name `name`, if any.
  public func activation(named name: String) -> Activation? {
    activations.first { $0.name == name }
  }
}

/// One recorded value: its TransformerLens name, axis names, shape and flat row-major data.
public struct Activation: Equatable, Sendable {
  public var name: String
  public var axes: [String]
  public var shape: [Int]
  /// Row-major values; masked attention scores are `-infinity`.
  public var data: [Float]

  public init(name: String, axes: [String], shape: [Int], data: [Float]) {
    self.name = name
    self.axes = axes
    self.shape = shape
    self.data = data
  }

  /// The value as a matrix: the first axis is the rows, all others are folded into columns,
  /// so `[pos, head, d_head]` reads as `[pos, d_model]` (the heads side by side).
  public var matrix: Matrix {
    let rows = shape.first ?? 1
    return Matrix(rows: rows, cols: rows == 0 ? 0 : data.count / rows, data: data)
  }

  /// For a 3-axis value, slice `index` of the first axis as a matrix (e.g. one head's pattern).
  public func slice(_ index: Int) -> Matrix {
    let (rows, cols) = (shape.count > 2 ? shape[1] : 1, shape.last ?? 1)
    let size = rows * cols
    return Matrix(rows: rows, cols: cols, data: Array(data[(index * size)..<((index + 1) * size)]))
  }

  /// For a `[pos, head, x]` value, head `h` as a `[pos, x]` matrix.
  public func head(_ h: Int) -> Matrix {
    guard shape.count == 3 else { return matrix }
    let (pos, heads, width) = (shape[0], shape[1], shape[2])
    var out = Matrix(rows: pos, cols: width)
    for p in 0..<pos {
      for j in 0..<width { out[p, j] = data[(p * heads + h) * width + j] }
    }
    return out
  }
}
