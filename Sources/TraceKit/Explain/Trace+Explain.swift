import TensorFiles
import TinyGPT

extension Trace {
  /// How cell `cell` of pass `pass` was computed, from this trace's activations and weights.
  public func explain(_ cell: CellReference, pass index: Int = 0) throws(ExplainError)
    -> CellExplanation
  {
    guard passes.indices.contains(index) else {
      throw ExplainError(
        "pass \(index) does not exist (the trace has \(passes.count) pass(es), 0–\(passes.count - 1))"
      )
    }
    let pass = passes[index]
    guard let activation = pass.activation(cell.name) else {
      throw ExplainError("the trace has no activation \(cell.name) in pass \(index)")
    }
    guard cell.index.count == activation.shape.count else {
      throw ExplainError(
        "\(cell.name) has \(activation.shape.count) axes \(activation.axes), got \(cell.index.count) indices"
      )
    }
    for (axis, (i, size)) in zip(cell.index, activation.shape).enumerated() where i >= size {
      throw ExplainError(
        "index \(i) of axis \(activation.axes[axis]) is out of range for \(cell.name) (size \(size), 0–\(size - 1))"
      )
    }
    let explainer = Explainer(trace: self, pass: pass, cell: cell)
    var explanation = try explainer.explain(activation)
    explanation.lines.insert(
      "\(cell.description) = \(shown(explanation.value))   [\(explanation.label)]", at: 0)
    return explanation
  }
}

extension Explainer {
  /// The explanation of the cell of `a`, dispatched on its hook point.
  func explain(_ a: Activation) throws(ExplainError) -> CellExplanation {
    let i = cell.index
    var e = CellExplanation(
      cell: cell.description, label: label(a), value: value(a, i), lines: [], operands: [])
    switch cell.name.point {
    case .embed: try explainEmbedding(&e)
    case .posEmbed: try explainPositions(&e)
    case .residPre: try explainResidualStart(&e)
    case .residMid: try explainSum(&e, .residPre, .attnOut, "hook_resid_pre + hook_attn_out")
    case .residPost: try explainSum(&e, .residMid, .mlpOut, "hook_resid_mid + hook_mlp_out")
    case .ln1Scale, .ln2Scale, .lnFinalScale: try explainScale(&e)
    case .ln1Normalized, .ln2Normalized, .lnFinalNormalized: try explainNormalized(&e)
    case .ln1Out, .ln2Out, .lnFinalOut: try explainLayerNormOut(&e)
    case .q, .k, .v: try explainQKV(&e)
    case .attnScoresUnmasked: try explainScore(&e)
    case .attnScores: try explainMask(&e)
    case .pattern: try explainSoftmax(&e, scores: try activation(.attnScores), row: [i[0], i[1]])
    case .z: try explainWeightedValues(&e)
    case .result: try explainHeadResult(&e)
    case .attnOut: try explainAttentionOut(&e)
    case .mlpPre: try explainMLPIn(&e)
    case .mlpPost: try explainActivationFunction(&e)
    case .mlpOut: try explainMLPOut(&e)
    case .logits: try explainLogit(&e)
    case .probs: try explainSoftmax(&e, scores: try activation(.logits), row: [i[0]])
    }
    noteInterventions(&e)
    return e
  }

  /// The axes spelled out with tokens: `head 0, query 3 "bring", key 1 "robots"`.
  func label(_ a: Activation) -> String {
    zip(a.axes, cell.index).map { axis, i in
      switch axis {
      case "pos": "pos \(i) \(token(i))"
      case "query_pos": "query \(i) \(token(i))"
      case "key_pos": "key \(i) \(token(i))"
      case "d_vocab": "token \(i) \"\(trace.tokenizer.text(of: i))\""
      case "1": ""
      default: "\(axis) \(i)"
      }
    }.filter { !$0.isEmpty }.joined(separator: ", ")
  }

  /// When the run was changed and the arithmetic from the recorded inputs does not give the
  /// recorded value, says so: the value was set by an intervention, not computed.
  func noteInterventions(_ e: inout CellExplanation) {
    guard !trace.interventions.isEmpty, let computed = e.computed else { return }
    let tolerance = 1e-3 * max(1, abs(computed))
    guard computed.isFinite, abs(computed - e.value) > tolerance else { return }
    let changes = trace.interventions.map(\.description).joined(separator: ", ")
    e.lines.append(
      "but the recorded value is \(shown(e.value)): this run was changed (\(changes)), "
        + "and the intervention set this value")
  }
}

extension CellExplanation {
  /// The value the written-out arithmetic gives (for products: Σ left·right · scale + bias).
  var computed: Float? {
    guard let terms else { return nil }
    let sum = terms.reduce(0.0) { $0 + Double($1.left) * Double($1.right) }
    return Float(sum * Double(scale ?? 1) + Double(bias ?? 0))
  }
}
