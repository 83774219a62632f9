/// One row of the table of GPT-2 weights (`WeightSlot.gpt2`): the Hugging Face name, the shape
/// a config gives it, and where its values live in `Parameters`.
///
/// Everything that names weights (`expectedShapes`, `namedTensors`, `init(named:)`, pages,
/// exports) is derived from this one table.
public struct WeightSlot: Sendable {
  /// Where the weight sits in `GPT2LMHeadModel`.
  public enum Scope: Sendable {
    /// Directly in the `transformer` module (`transformer.wte.weight`).
    case transformer
    /// In every block (`transformer.h.{layer}.attn.c_attn.weight`).
    case block
    /// Outside the `transformer` module (`lm_head.weight`).
    case head
  }

  public let scope: Scope
  /// The name after the scope's prefix: `wte.weight`, `attn.c_attn.weight`, `lm_head.weight`.
  public let suffix: String
  /// Whether a model of this config has the weight (LayerNorms, learned positions, untied head).
  let isPresent: @Sendable (ModelConfig) -> Bool
  /// The shape of the weight for a config.
  let shapeRule: @Sendable (ModelConfig) -> [Int]
  /// The weight's values in `layer` (ignored outside blocks); `nil` when the model lacks it.
  let read: @Sendable (Parameters, Int) -> Tensor?
  /// Stores values of the checked shape into `layer` (ignored outside blocks).
  let write: @Sendable (inout Parameters, Int, Tensor) -> Void

  /// The prefix of every name inside GPT-2's `transformer` module.
  public static let transformerPrefix = "transformer."

  /// The full Hugging Face name (`transformer.h.3.ln_1.weight`, `lm_head.weight`).
  public func name(layer: Int = 0) -> String {
    switch scope {
    case .transformer: Self.transformerPrefix + suffix
    case .block: Self.blockName(layer: layer, suffix)
    case .head: suffix
    }
  }

  /// The full name of a block weight: `transformer.h.{layer}.{suffix}`.
  public static func blockName(layer: Int, _ suffix: String) -> String {
    "\(transformerPrefix)h.\(layer).\(suffix)"
  }

  /// The shape of the weight in a model of `config`.
  public func shape(for config: ModelConfig) -> [Int] { shapeRule(config) }

  /// Whether a model of `config` has the weight.
  public func isPresent(in config: ModelConfig) -> Bool { isPresent(config) }
}

extension WeightSlot {
  /// The global weights before the blocks, the per-block weights, and those after, each in
  /// GPT-2's order (the order of `GPT2LMHeadModel.state_dict()`).
  public static let gpt2: (before: [WeightSlot], block: [WeightSlot], after: [WeightSlot]) = (
    before: [
      matrix(.transformer, "wte.weight", \.tokenEmbedding) { [$0.dVocab, $0.dModel] },
      optionalMatrix(
        .transformer, "wpe.weight", \.positionEmbedding,
        when: { $0.positionalEmbeddingType == .standard }
      ) { [$0.nCtx, $0.dModel] },
    ],
    block: norm("ln_1", \.ln1) + [
      blockMatrix("attn.c_attn.weight", \.attnWeight) { [$0.dModel, 3 * $0.dModel] },
      blockVector("attn.c_attn.bias", \.attnBias) { 3 * $0.dModel },
      blockMatrix("attn.c_proj.weight", \.attnProjWeight) { [$0.dModel, $0.dModel] },
      blockVector("attn.c_proj.bias", \.attnProjBias) { $0.dModel },
    ] + norm("ln_2", \.ln2) + [
      blockMatrix("mlp.c_fc.weight", \.fcWeight) { [$0.dModel, $0.dMLP] },
      blockVector("mlp.c_fc.bias", \.fcBias) { $0.dMLP },
      blockMatrix("mlp.c_proj.weight", \.mlpProjWeight) { [$0.dMLP, $0.dModel] },
      blockVector("mlp.c_proj.bias", \.mlpProjBias) { $0.dModel },
    ],
    after: finalNorm() + [
      optionalMatrix(.head, "lm_head.weight", \.unembedding, when: { !$0.tieWordEmbeddings }) {
        [$0.dVocab, $0.dModel]
      }
    ]
  )

  private static func matrix(
    _ scope: Scope, _ suffix: String, _ path: WritableKeyPath<Parameters, Matrix> & Sendable,
    shape: @escaping @Sendable (ModelConfig) -> [Int]
  ) -> WeightSlot {
    WeightSlot(
      scope: scope, suffix: suffix, isPresent: { _ in true }, shapeRule: shape,
      read: { p, _ in p[keyPath: path].tensor }, write: { p, _, t in p[keyPath: path] = t.matrix })
  }

  private static func optionalMatrix(
    _ scope: Scope, _ suffix: String, _ path: WritableKeyPath<Parameters, Matrix?> & Sendable,
    when present: @escaping @Sendable (ModelConfig) -> Bool,
    shape: @escaping @Sendable (ModelConfig) -> [Int]
  ) -> WeightSlot {
    WeightSlot(
      scope: scope, suffix: suffix, isPresent: present, shapeRule: shape,
      read: { p, _ in p[keyPath: path]?.tensor }, write: { p, _, t in p[keyPath: path] = t.matrix })
  }

  private static func blockMatrix(
    _ suffix: String, _ path: WritableKeyPath<BlockParameters, Matrix> & Sendable,
    shape: @escaping @Sendable (ModelConfig) -> [Int]
  ) -> WeightSlot {
    WeightSlot(
      scope: .block, suffix: suffix, isPresent: { _ in true }, shapeRule: shape,
      read: { p, i in p.blocks[i][keyPath: path].tensor },
      write: { p, i, t in p.blocks[i][keyPath: path] = t.matrix })
  }

  private static func blockVector(
    _ suffix: String, _ path: WritableKeyPath<BlockParameters, [Float]> & Sendable,
    count: @escaping @Sendable (ModelConfig) -> Int
  ) -> WeightSlot {
    WeightSlot(
      scope: .block, suffix: suffix, isPresent: { _ in true }, shapeRule: { [count($0)] },
      read: { p, i in Tensor(vector: p.blocks[i][keyPath: path]) },
      write: { p, i, t in p.blocks[i][keyPath: path] = t.data })
  }

  /// A block LayerNorm's weight and bias, present when the config has LayerNorms.
  private static func norm(
    _ name: String, _ path: WritableKeyPath<BlockParameters, LayerNormParameters?> & Sendable
  ) -> [WeightSlot] {
    let affine: [(String, WritableKeyPath<LayerNormParameters, [Float]> & Sendable)] = [
      ("weight", \.weight), ("bias", \.bias),
    ]
    return affine.map { field, part in
      WeightSlot(
        scope: .block, suffix: "\(name).\(field)", isPresent: { $0.normalizationType != nil },
        shapeRule: { [$0.dModel] },
        read: { p, i in p.blocks[i][keyPath: path].map { Tensor(vector: $0[keyPath: part]) } },
        write: { p, i, t in
          var ln = p.blocks[i][keyPath: path] ?? LayerNormParameters(weight: [], bias: [])
          ln[keyPath: part] = t.data
          p.blocks[i][keyPath: path] = ln
        })
    }
  }

  /// The final LayerNorm `ln_f`'s weight and bias.
  private static func finalNorm() -> [WeightSlot] {
    let affine: [(String, WritableKeyPath<LayerNormParameters, [Float]> & Sendable)] = [
      ("weight", \.weight), ("bias", \.bias),
    ]
    return affine.map { field, part in
      WeightSlot(
        scope: .transformer, suffix: "ln_f.\(field)", isPresent: { $0.normalizationType != nil },
        shapeRule: { [$0.dModel] },
        read: { p, _ in p.finalNorm.map { Tensor(vector: $0[keyPath: part]) } },
        write: { p, _, t in
          var ln = p.finalNorm ?? LayerNormParameters(weight: [], bias: [])
          ln[keyPath: part] = t.data
          p.finalNorm = ln
        })
    }
  }
}

extension Tensor {
  /// A rank-1 tensor of `values`.
  init(vector values: [Float]) { self.init(shape: [values.count], data: values) }

  /// This rank-2 tensor as a matrix (shape already checked).
  var matrix: Matrix {
    Matrix(rows: shape.first ?? 0, cols: shape.count > 1 ? shape[1] : 0, data: data)
  }
}
