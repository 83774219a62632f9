import TinyGPT

// Cells that are a row times a column (plus a bias): Q, K, V, scores, z, each head's result,
// the attention output, the MLP's two products and the logits.

extension Explainer {
  /// `hook_q[p, h, j] = x[p] · c_attn.weight[:, offset + h·d_head + j] + bias`.
  func explainQKV(_ e: inout CellExplanation) throws(ExplainError) {
    let (p, h, j) = (cell.index[0], cell.index[1], cell.index[2])
    let part = cell.name.point == .q ? 0 : cell.name.point == .k ? 1 : 2
    let letter = ["Q", "K", "V"][part]
    let input = try blockInput(normalized: .ln1Out, raw: .residPre)
    let column = part * config.dModel + h * config.dHead + j
    let w = try weight(blockWeight("attn.c_attn.weight"))
    let b = try weight(blockWeight("attn.c_attn.bias"))
    let x = vector(input, [p])
    let terms = Array(zip(x, self.column(w, column))).map { (left: $0, right: $1) }
    e.lines.append(
      "= \(input.name)[\(p)] · W_\(letter)[:, \(h * config.dHead + j)] + b_\(letter)[\(h * config.dHead + j)]"
        + "   (W_\(letter) is columns \(part * config.dModel)–\((part + 1) * config.dModel - 1) of \(blockWeight("attn.c_attn.weight")))"
    )
    e.lines += productLines(terms, bias: b.data[column], value: e.value)
    (e.terms, e.bias) = (terms, b.data[column])
    e.operands = [
      .init(name: input.name, row: p),
      .init(name: blockWeight("attn.c_attn.weight"), column: column),
    ]
  }

  /// `scores[h, q, k] = Q[q, h] · K[k, h] / √d_head`.
  func explainScore(_ e: inout CellExplanation) throws(ExplainError) {
    let (h, q, k) = (cell.index[0], cell.index[1], cell.index[2])
    let qa = try activation(.q)
    let ka = try activation(.k)
    let terms = Array(zip(vector(qa, [q, h]), vector(ka, [k, h]))).map { (left: $0, right: $1) }
    let scale = 1 / Float(config.dHead).squareRoot()
    e.lines.append("= (q · k) / √\(config.dHead): row \(q) of Q and row \(k) of K, head \(h)")
    e.lines += productLines(
      terms, scale: scale, scaleText: "1/\(shown(Float(config.dHead).squareRoot()))",
      value: e.value)
    (e.terms, e.scale) = (terms, scale)
    e.operands = [.init(name: qa.name, row: q, head: h), .init(name: ka.name, row: k, head: h)]
  }

  /// `z[p, h, j] = Σ_k pattern[h, p, k] · V[k, h, j]`.
  func explainWeightedValues(_ e: inout CellExplanation) throws(ExplainError) {
    let (p, h, j) = (cell.index[0], cell.index[1], cell.index[2])
    let pattern = try activation(.pattern)
    let v = try activation(.v)
    let weights = vector(pattern, [h, p])
    let values = (0..<pass.tokens.count).map { value(v, [$0, h, j]) }
    let terms = Array(zip(weights, values)).map { (left: $0, right: $1) }
    e.lines.append(
      "= pattern[\(h), \(p), :] · V[:, \(h), \(j)]: how much \(token(p)) attends to each token, times that token's value"
    )
    e.lines += productLines(terms, value: e.value)
    e.terms = terms
    e.operands = [
      .init(name: pattern.name, row: p, head: h), .init(name: v.name, column: j, head: h),
    ]
  }

  /// `result[p, h, c] = z[p, h] · W_O[h·d_head ..< (h+1)·d_head, c]` (no bias).
  func explainHeadResult(_ e: inout CellExplanation) throws(ExplainError) {
    let (p, h, c) = (cell.index[0], cell.index[1], cell.index[2])
    let z = try activation(.z)
    let w = try weight(blockWeight("attn.c_proj.weight"))
    let rows = (h * config.dHead)..<((h + 1) * config.dHead)
    let terms = Array(zip(vector(z, [p, h]), rows.map { w.data[$0 * config.dModel + c] }))
      .map { (left: $0, right: $1) }
    e.lines.append(
      "= z[\(p), \(h)] · W_O[\(rows.lowerBound)–\(rows.upperBound - 1), \(c)]: head \(h)'s share, bias excluded"
    )
    e.lines += productLines(terms, value: e.value)
    e.terms = terms
    e.operands = [
      .init(name: z.name, row: p, head: h),
      .init(name: blockWeight("attn.c_proj.weight"), column: c),
    ]
  }

  /// `attn_out[p, c] = z[p] · W_O[:, c] + b_O[c]` (all heads side by side).
  func explainAttentionOut(_ e: inout CellExplanation) throws(ExplainError) {
    try explainLinear(
      &e, input: try activation(.z), weight: "attn.c_proj", letter: "O",
      note: "(z: every head side by side)")
  }

  /// `mlp.hook_pre[p, m] = x[p] · W_in[:, m] + b_in[m]`.
  func explainMLPIn(_ e: inout CellExplanation) throws(ExplainError) {
    try explainLinear(
      &e, input: try blockInput(normalized: .ln2Out, raw: .residMid), weight: "mlp.c_fc",
      letter: "in", note: "(W_in: \(blockWeight("mlp.c_fc.weight")))")
  }

  /// `hook_mlp_out[p, c] = post[p] · W_out[:, c] + b_out[c]`.
  func explainMLPOut(_ e: inout CellExplanation) throws(ExplainError) {
    try explainLinear(
      &e, input: try activation(.mlpPost), weight: "mlp.c_proj", letter: "out",
      note: "(W_out: \(blockWeight("mlp.c_proj.weight")))")
  }

  /// `cell[p, c] = input[p] · W[:, c] + b[c]` for the block's weight `weight` (`.weight` and
  /// `.bias`), written `W_letter`.
  func explainLinear(
    _ e: inout CellExplanation, input: Activation, weight prefix: String, letter: String,
    note: String
  ) throws(ExplainError) {
    let (p, c) = (cell.index[0], cell.index[1])
    let name = blockWeight(prefix + ".weight")
    let w = try weight(name)
    let b = try weight(blockWeight(prefix + ".bias"))
    let terms = Array(zip(rowOf(input, p), column(w, c))).map { (left: $0, right: $1) }
    e.lines.append("= \(input.name)[\(p)] · W_\(letter)[:, \(c)] + b_\(letter)[\(c)]   \(note)")
    e.lines += productLines(terms, bias: b.data[c], value: e.value)
    (e.terms, e.bias) = (terms, b.data[c])
    e.operands = [.init(name: input.name, row: p), .init(name: name, column: c)]
  }

  /// `unembed.hook_out[p, v] = x[p] · W_U[v]` (W_U: the unembedding, tied or not).
  func explainLogit(_ e: inout CellExplanation) throws(ExplainError) {
    let (p, v) = (cell.index[0], cell.index[1])
    let input =
      config.normalizationType == nil
      ? try activation(.residPost, layer: config.nLayers - 1) : try activation(.lnFinalOut)
    let name = config.tieWordEmbeddings ? "transformer.wte.weight" : "lm_head.weight"
    let w = try weight(name)
    let terms = Array(zip(rowOf(input, p), row(w, v))).map { (left: $0, right: $1) }
    e.lines.append(
      "= \(input.name)[\(p)] · W_U[\(v)]: the final stream of \(token(p)) against the row of \"\(trace.tokenizer.text(of: v))\" in \(name)"
    )
    e.lines += productLines(terms, value: e.value)
    e.terms = terms
    e.operands = [.init(name: input.name, row: p), .init(name: name, row: v)]
  }

  /// The input of a sublayer: its LayerNorm's output, or the residual stream without LayerNorm.
  func blockInput(normalized: HookPoint, raw: HookPoint) throws(ExplainError) -> Activation {
    config.normalizationType == nil ? try activation(raw) : try activation(normalized)
  }

  /// Row p of a value read as `[pos, everything else]`.
  func rowOf(_ a: Activation, _ p: Int) -> [Float] {
    let width = a.shape.dropFirst().reduce(1, *)
    return Array(a.data[(p * width)..<((p + 1) * width)])
  }
}
