extension Parameters {
  /// The GPT-2 tensor names and shapes a model of `config` has, in canonical file order.
  public static func expectedShapes(for config: ModelConfig) -> [(name: String, shape: [Int])] {
    let d = config.dModel
    let hasLN = config.normalizationType != nil
    var list: [(String, [Int])] = [("transformer.wte.weight", [config.dVocab, d])]
    if config.positionalEmbeddingType == .standard {
      list.append(("transformer.wpe.weight", [config.nCtx, d]))
    }
    for i in 0..<config.nLayers {
      let p = "transformer.h.\(i)."
      if hasLN { list += [(p + "ln_1.weight", [d]), (p + "ln_1.bias", [d])] }
      list += [
        (p + "attn.c_attn.weight", [d, 3 * d]), (p + "attn.c_attn.bias", [3 * d]),
        (p + "attn.c_proj.weight", [d, d]), (p + "attn.c_proj.bias", [d]),
      ]
      if hasLN { list += [(p + "ln_2.weight", [d]), (p + "ln_2.bias", [d])] }
      list += [
        (p + "mlp.c_fc.weight", [d, config.dMLP]), (p + "mlp.c_fc.bias", [config.dMLP]),
        (p + "mlp.c_proj.weight", [config.dMLP, d]), (p + "mlp.c_proj.bias", [d]),
      ]
    }
    if hasLN { list += [("transformer.ln_f.weight", [d]), ("transformer.ln_f.bias", [d])] }
    if !config.tieWordEmbeddings { list.append(("lm_head.weight", [config.dVocab, d])) }
    return list
  }

  /// Every tensor under its GPT-2 name, in the order of `expectedShapes(for:)`.
  public func namedTensors() -> [(name: String, tensor: Tensor)] {
    var list: [(String, Tensor)] = [("transformer.wte.weight", tokenEmbedding.tensor)]
    if let positionEmbedding { list.append(("transformer.wpe.weight", positionEmbedding.tensor)) }
    func vector(_ v: [Float]) -> Tensor { Tensor(shape: [v.count], data: v) }
    for (i, b) in blocks.enumerated() {
      let p = "transformer.h.\(i)."
      if let ln = b.ln1 {
        list += [(p + "ln_1.weight", vector(ln.weight)), (p + "ln_1.bias", vector(ln.bias))]
      }
      list += [
        (p + "attn.c_attn.weight", b.attnWeight.tensor),
        (p + "attn.c_attn.bias", vector(b.attnBias)),
        (p + "attn.c_proj.weight", b.attnProjWeight.tensor),
        (p + "attn.c_proj.bias", vector(b.attnProjBias)),
      ]
      if let ln = b.ln2 {
        list += [(p + "ln_2.weight", vector(ln.weight)), (p + "ln_2.bias", vector(ln.bias))]
      }
      list += [
        (p + "mlp.c_fc.weight", b.fcWeight.tensor), (p + "mlp.c_fc.bias", vector(b.fcBias)),
        (p + "mlp.c_proj.weight", b.mlpProjWeight.tensor),
        (p + "mlp.c_proj.bias", vector(b.mlpProjBias)),
      ]
    }
    if let ln = finalNorm {
      list += [
        ("transformer.ln_f.weight", vector(ln.weight)), ("transformer.ln_f.bias", vector(ln.bias)),
      ]
    }
    if let unembedding { list.append(("lm_head.weight", unembedding.tensor)) }
    return list
  }

  /// Builds typed parameters from named tensors, refusing a missing tensor, a wrong shape or a
  /// NaN/infinite value with an error naming the tensor. Extra tensors are ignored.
  public init(named tensors: [String: Tensor], config: ModelConfig) throws {
    for (name, shape) in Self.expectedShapes(for: config) {
      guard let t = tensors[name] else { throw ModelError.missingTensor(name) }
      guard t.shape == shape, t.data.count == t.count else {
        throw ModelError.wrongShape(tensor: name, expected: shape, found: t.shape)
      }
      if let bad = t.data.firstIndex(where: { !$0.isFinite }) {
        throw ModelError.nonFiniteValue(tensor: name, index: bad)
      }
    }
    func m(_ name: String) -> Matrix {
      let t = tensors[name] ?? Tensor(shape: [0, 0])
      return Matrix(rows: t.shape[0], cols: t.shape[1], data: t.data)
    }
    func v(_ name: String) -> [Float] { tensors[name]?.data ?? [] }
    func ln(_ prefix: String) -> LayerNormParameters? {
      config.normalizationType == nil
        ? nil : LayerNormParameters(weight: v(prefix + ".weight"), bias: v(prefix + ".bias"))
    }
    let blocks = (0..<config.nLayers).map { i in
      let p = "transformer.h.\(i)."
      return BlockParameters(
        ln1: ln(p + "ln_1"), attnWeight: m(p + "attn.c_attn.weight"),
        attnBias: v(p + "attn.c_attn.bias"),
        attnProjWeight: m(p + "attn.c_proj.weight"), attnProjBias: v(p + "attn.c_proj.bias"),
        ln2: ln(p + "ln_2"), fcWeight: m(p + "mlp.c_fc.weight"), fcBias: v(p + "mlp.c_fc.bias"),
        mlpProjWeight: m(p + "mlp.c_proj.weight"), mlpProjBias: v(p + "mlp.c_proj.bias"))
    }
    self.init(
      tokenEmbedding: m("transformer.wte.weight"),
      positionEmbedding: config.positionalEmbeddingType == .standard
        ? m("transformer.wpe.weight") : nil,
      blocks: blocks, finalNorm: ln("transformer.ln_f"),
      unembedding: config.tieWordEmbeddings ? nil : m("lm_head.weight"))
  }

  /// The total number of weights.
  public var parameterCount: Int { namedTensors().reduce(0) { $0 + $1.tensor.count } }
}
