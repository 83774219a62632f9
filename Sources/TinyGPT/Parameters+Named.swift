import TensorFiles

extension Parameters {
  /// Every weight slot of a model of `config` with its layer, in canonical file order
  /// (GPT-2's `state_dict` order), derived from the table `WeightSlot.gpt2`.
  static func slots(for config: ModelConfig) -> [(slot: WeightSlot, layer: Int)] {
    let table = WeightSlot.gpt2
    var list = table.before.map { ($0, 0) }
    for layer in 0..<config.nLayers { list += table.block.map { ($0, layer) } }
    list += table.after.map { ($0, 0) }
    return list.filter { $0.0.isPresent(in: config) }
  }

  /// The GPT-2 tensor names and shapes a model of `config` has, in canonical file order.
  public static func expectedShapes(for config: ModelConfig) -> [(name: String, shape: [Int])] {
    slots(for: config).map { ($0.slot.name(layer: $0.layer), $0.slot.shape(for: config)) }
  }

  /// Every tensor under its GPT-2 name, in the order of `expectedShapes(for:)`.
  public func namedTensors() -> [(name: String, tensor: Tensor)] {
    let table = WeightSlot.gpt2
    var list = table.before.map { ($0, 0) }
    for layer in blocks.indices { list += table.block.map { ($0, layer) } }
    list += table.after.map { ($0, 0) }
    return list.compactMap { slot, layer in
      slot.read(self, layer).map { (slot.name(layer: layer), $0) }
    }
  }

  /// Builds typed parameters from named tensors, refusing a missing tensor, a wrong shape or a
  /// NaN/infinite value with an error naming the tensor. Names may lack the `transformer.`
  /// prefix (as in `GPT2Model` checkpoints). Extra tensors are ignored.
  public init(named tensors: [String: Tensor], config: ModelConfig) throws {
    try self.init(named: tensors, config: config, finiteTensors: [])
  }

  /// Builds typed parameters as `init(named:config:)` does, trusting the loader that the
  /// tensors under the keys in `finiteTensors` hold no NaN or infinity (it checked them while
  /// copying them out of the file, `FloatCopy`); every other tensor is checked here. The
  /// errors, and their order, are the same either way.
  init(named tensors: [String: Tensor], config: ModelConfig, finiteTensors: Set<String>) throws {
    let empty = Matrix(rows: 0, cols: 0)
    let norm = config.normalizationType == nil ? nil : LayerNormParameters(weight: [], bias: [])
    let block = BlockParameters(
      ln1: norm, attnWeight: empty, attnBias: [], attnProjWeight: empty, attnProjBias: [],
      ln2: norm, fcWeight: empty, fcBias: [], mlpProjWeight: empty, mlpProjBias: [])
    self.init(
      tokenEmbedding: empty, positionEmbedding: nil,
      blocks: Array(repeating: block, count: config.nLayers), finalNorm: norm, unembedding: nil)
    for (slot, layer) in Self.slots(for: config) {
      let name = slot.name(layer: layer)
      let key = tensors[name] != nil ? name : Self.withoutTransformerPrefix(name)
      guard let t = tensors[key] else { throw ModelError.missingTensor(name) }
      let shape = slot.shape(for: config)
      guard t.shape == shape, t.data.count == t.count else {
        throw ModelError.wrongShape(tensor: name, expected: shape, found: t.shape)
      }
      if !finiteTensors.contains(key), let bad = FloatCopy.firstNonFinite(t.data) {
        throw ModelError.nonFiniteValue(tensor: name, index: bad)
      }
      slot.write(&self, layer, t)
    }
  }

  /// `name` without a leading `transformer.` (the names of a bare `GPT2Model`).
  public static func withoutTransformerPrefix(_ name: String) -> String {
    name.hasPrefix(WeightSlot.transformerPrefix)
      ? String(name.dropFirst(WeightSlot.transformerPrefix.count)) : name
  }

  /// The total number of weights.
  public var parameterCount: Int { namedTensors().reduce(0) { $0 + $1.tensor.count } }
}
