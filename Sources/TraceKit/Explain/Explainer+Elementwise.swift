import Foundation
import TinyGPT

// Cells made without a product: embeddings, residual additions, LayerNorm, the mask, softmax
// and the activation function.

extension Explainer {
  /// `hook_embed[p, c] = wte[id, c]`.
  func explainEmbedding(_ e: inout CellExplanation) throws(ExplainError) {
    let (p, c) = (cell.index[0], cell.index[1])
    let id = pass.tokens[p].id
    e.lines.append(
      "= wte[\(id), \(c)]: column \(c) of the token embedding row of \(token(p)) (id \(id)), transformer.wte.weight"
    )
    if let wte = trace.parameter("transformer.wte.weight") {
      e.lines.append("= \(shown(wte.data[id * config.dModel + c]))")
    }
    e.operands = [.init(name: "transformer.wte.weight", row: id, column: c)]
  }

  /// `hook_pos_embed[p, c]`: a row of the learned table, or the sin/cos formula.
  func explainPositions(_ e: inout CellExplanation) throws(ExplainError) {
    let (p, c) = (cell.index[0], cell.index[1])
    switch config.positionalEmbeddingType {
    case .sinusoidal:
      let i = c - c % 2
      let angle = Double(p) / pow(10000, Double(i) / Double(config.dModel))
      let function = c % 2 == 0 ? "sin" : "cos"
      e.lines.append(
        "= \(function)(\(p) / 10000^(\(i)/\(config.dModel))) = \(function)(\(shown(Float(angle))))")
      e.lines.append("= \(shown(Float(c % 2 == 0 ? sin(angle) : cos(angle))))")
    default:
      e.lines.append(
        "= wpe[\(p), \(c)]: column \(c) of the learned row of position \(p), transformer.wpe.weight"
      )
      if let wpe = trace.parameter("transformer.wpe.weight") {
        e.lines.append("= \(shown(wpe.data[p * config.dModel + c]))")
      }
      e.operands = [.init(name: "transformer.wpe.weight", row: p, column: c)]
    }
  }

  /// Layer 0: embedding plus positions; later layers: the previous block's output.
  func explainResidualStart(_ e: inout CellExplanation) throws(ExplainError) {
    let (p, c) = (cell.index[0], cell.index[1])
    guard let layer, layer > 0 else {
      let embed = try activation(.embed)
      guard let positions = pass.activation(ActivationName(.posEmbed)) else {
        e.lines.append(
          "= hook_embed[\(p), \(c)] = \(shown(value(embed, [p, c])))   (no positional encoding)")
        e.operands = [.init(name: embed.name, row: p, column: c)]
        return
      }
      try explainSum(&e, embed, positions, "hook_embed + hook_pos_embed")
      return
    }
    let previous = try activation(.residPost, layer: layer - 1)
    e.lines.append(
      "= blocks.\(layer - 1).hook_resid_post[\(p), \(c)]: the stream leaving the previous block")
    e.lines.append("= \(shown(value(previous, [p, c])))")
    e.operands = [.init(name: previous.name, row: p, column: c)]
  }

  /// A residual addition of two recorded values.
  func explainSum(_ e: inout CellExplanation, _ a: HookPoint, _ b: HookPoint, _ formula: String)
    throws(ExplainError)
  {
    try explainSum(&e, try activation(a), try activation(b), formula)
  }

  func explainSum(
    _ e: inout CellExplanation, _ a: Activation, _ b: Activation, _ formula: String
  ) throws(ExplainError) {
    let (x, y) = (value(a, cell.index), value(b, cell.index))
    e.lines.append("= \(formula)")
    e.lines.append("= \(shown(x)) + \(shown(y)) = \(shown(x + y))")
    e.operands = [
      .init(name: a.name, row: cell.index[0], column: cell.index[1]),
      .init(name: b.name, row: cell.index[0], column: cell.index[1]),
    ]
  }

  /// The LayerNorm's input: the residual stream it reads.
  func layerNormInput() throws(ExplainError) -> Activation {
    switch cell.name.point {
    case .ln1Scale, .ln1Normalized, .ln1Out: try activation(.residPre)
    case .ln2Scale, .ln2Normalized, .ln2Out: try activation(.residMid)
    default: try activation(.residPost, layer: config.nLayers - 1)
    }
  }

  /// The LayerNorm's weight and bias names.
  var layerNormWeights: (weight: String, bias: String) {
    switch cell.name.point {
    case .ln1Scale, .ln1Normalized, .ln1Out: (blockWeight("ln_1.weight"), blockWeight("ln_1.bias"))
    case .ln2Scale, .ln2Normalized, .ln2Out: (blockWeight("ln_2.weight"), blockWeight("ln_2.bias"))
    default: ("transformer.ln_f.weight", "transformer.ln_f.bias")
    }
  }

  /// `scale[p] = √(variance of row p + ε)`.
  func explainScale(_ e: inout CellExplanation) throws(ExplainError) {
    let p = cell.index[0]
    let input = try layerNormInput()
    let x = rowOf(input, p).map(Double.init)
    let mean = x.reduce(0, +) / Double(x.count)
    let variance = x.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(x.count)
    e.lines.append("= √(variance of \(input.name)[\(p)] + ε), ε = \(shown(config.lnEps))")
    e.lines.append("mean = (\(listed(x))) / \(x.count) = \(shown(Float(mean)))")
    e.lines.append(
      "variance = Σ (x − mean)² / \(x.count) = \(shown(Float(variance)))")
    e.lines.append(
      "= √(\(shown(Float(variance))) + \(shown(config.lnEps))) = \(shown(Float((variance + Double(config.lnEps)).squareRoot())))"
    )
    e.operands = [.init(name: input.name, row: p)]
  }

  /// `normalized[p, c] = (x[p, c] − mean) / scale[p]`.
  func explainNormalized(_ e: inout CellExplanation) throws(ExplainError) {
    let (p, c) = (cell.index[0], cell.index[1])
    let input = try layerNormInput()
    let scale = try activation(scalePoint)
    let x = rowOf(input, p)
    let mean = x.reduce(0.0) { $0 + Double($1) } / Double(x.count)
    let s = value(scale, [p, 0])
    e.lines.append("= (x − mean) / scale, x = \(input.name)[\(p), \(c)]")
    e.lines.append(
      "= (\(shown(x[c])) − \(shown(Float(mean)))) / \(shown(s)) = \(shown(Float((Double(x[c]) - mean) / Double(s))))"
    )
    e.operands = [.init(name: input.name, row: p, column: c), .init(name: scale.name, row: p)]
  }

  /// `out[p, c] = normalized[p, c] · w[c] + b[c]`.
  func explainLayerNormOut(_ e: inout CellExplanation) throws(ExplainError) {
    let (p, c) = (cell.index[0], cell.index[1])
    let normalized = try activation(normalizedPoint)
    let n = value(normalized, [p, c])
    let names = layerNormWeights
    e.lines.append(
      "= normalized · w + b, with the LayerNorm's learned weight and bias (\(names.weight))")
    let w = try weight(names.weight)
    let b = try weight(names.bias)
    e.lines.append(
      "= \(shown(n)) · \(shown(w.data[c])) + \(shown(b.data[c])) = \(shown(n * w.data[c] + b.data[c]))"
    )
    e.terms = [(n, w.data[c])]
    e.bias = b.data[c]
    e.operands = [.init(name: normalized.name, row: p, column: c)]
  }

  var scalePoint: HookPoint {
    switch cell.name.point {
    case .ln1Normalized, .ln1Out: .ln1Scale
    case .ln2Normalized, .ln2Out: .ln2Scale
    default: .lnFinalScale
    }
  }

  var normalizedPoint: HookPoint {
    switch cell.name.point {
    case .ln1Out: .ln1Normalized
    case .ln2Out: .ln2Normalized
    default: .lnFinalNormalized
    }
  }

  /// The causal mask: a later key is hidden (−∞), an earlier one keeps its score.
  func explainMask(_ e: inout CellExplanation) throws(ExplainError) {
    let (h, q, k) = (cell.index[0], cell.index[1], cell.index[2])
    let unmasked = try activation(.attnScoresUnmasked)
    let before = value(unmasked, [h, q, k])
    if trace.interventions.contains(.noMask) {
      e.lines.append("= the unmasked score: this run has no causal mask (--no-mask)")
      e.lines.append("= \(shown(before))")
    } else if k > q {
      e.lines.append("= −∞: key \(k) comes after query \(q), so the causal mask hides it")
    } else {
      e.lines.append("= the unmasked score: key \(k) is not after query \(q), so the mask keeps it")
      e.lines.append("= \(shown(before))")
    }
    e.operands = [.init(name: unmasked.name, row: q, column: k, head: h)]
  }

  /// Softmax of a row: `exp(s − max) / Σ exp(s_k − max)`.
  func explainSoftmax(_ e: inout CellExplanation, scores: Activation, row prefix: [Int])
    throws(ExplainError)
  {
    let s = vector(scores, prefix)
    let k = cell.index.last ?? 0
    let finite = s.filter(\.isFinite)
    let maximum = finite.max() ?? 0
    let exps = s.map { $0.isFinite ? exp(Double($0 - maximum)) : 0 }
    let total = exps.reduce(0, +)
    let where_ = "\(scores.name)[" + prefix.map(String.init).joined(separator: ", ") + "]"
    e.lines.append(
      "= exp(s − max) / Σ exp(s − max) over the row \(where_), max = \(shown(maximum))")
    let listedTerms =
      exps.count <= 6
      ? exps.map { shown(Float($0)) }.joined(separator: " + ")
      : (exps.prefix(3).map { shown(Float($0)) } + ["…"] + exps.suffix(2).map { shown(Float($0)) })
        .joined(separator: " + ")
    e.lines.append(
      "= exp(\(shown(s[k])) − \(shown(maximum))) / (\(listedTerms))      (\(exps.count) terms\(s.contains(-.infinity) ? "; −∞ gives 0" : ""))"
    )
    e.lines.append(
      "= \(shown(Float(exps[k]))) / \(shown(Float(total))) = \(shown(Float(exps[k] / total)))")
    var operand = CellExplanation.Operand(name: scores.name, row: prefix.last)
    if prefix.count == 2 { operand.head = prefix[0] }
    e.operands = [operand]
  }

  /// The activation function at the cell's input.
  func explainActivationFunction(_ e: inout CellExplanation) throws(ExplainError) {
    let (p, m) = (cell.index[0], cell.index[1])
    let pre = try activation(.mlpPre)
    let x = value(pre, [p, m])
    let d = Double(x)
    switch config.actFn {
    case .relu:
      e.lines.append("= relu(x) = max(0, x), x = mlp.hook_pre[\(p), \(m)] = \(shown(x))")
      e.lines.append("= \(shown(max(0, x)))")
    case .gelu:
      e.lines.append("= gelu(x) = x · Φ(x) = 0.5 · x · (1 + erf(x / √2)), x = \(shown(x))")
      e.lines.append(
        "= 0.5 · \(shown(x)) · (1 + \(shown(Float(erf(d / 2.0.squareRoot()))))) = \(shown(Float(0.5 * d * (1 + erf(d / 2.0.squareRoot())))))"
      )
    case .geluNew:
      let inner = (2 / Double.pi).squareRoot() * (d + 0.044715 * d * d * d)
      e.lines.append(
        "= 0.5 · x · (1 + tanh(√(2/π) · (x + 0.044715 · x³))), x = mlp.hook_pre[\(p), \(m)] = \(shown(x))"
      )
      e.lines.append(
        "= 0.5 · \(shown(x)) · (1 + tanh(\(shown(Float(inner))))) = \(shown(Float(0.5 * d * (1 + tanh(inner)))))"
      )
    }
    e.operands = [.init(name: pre.name, row: p, column: m)]
  }

  /// The first and last few values of a row, for sums written out.
  func listed(_ x: [Double]) -> String {
    let all = x.map { shown(Float($0)) }
    return all.count <= 6
      ? all.joined(separator: " + ")
      : (all.prefix(3) + ["…"] + all.suffix(2)).joined(separator: " + ")
  }
}
