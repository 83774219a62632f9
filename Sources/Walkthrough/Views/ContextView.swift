import TerminalKit
import TinyGPT

/// Context vectors: the row every layer-1 head reads, `blocks.1.hook_resid_pre[p]` (recorded
/// as `blocks.0.hook_resid_post`, the same values), split into the embeddings, what layer 0's
/// heads brought from each source token j (`Σ_h pattern0_h[p, j] · v_h[j] · W_O,h`), layer 0's
/// `b_O` and its MLP output; the norm of each part, and the check that they add up to the row.
struct ContextView: WalkthroughView {
  static let projection = WeightInput.model("transformer.h.0.attn.c_proj.weight")
  static let projectionBias = WeightInput.model("transformer.h.0.attn.c_proj.bias")

  func inputs(for config: ModelConfig) -> [ViewInput] {
    var inputs = [ViewInput(.embed)]
    if config.positionalEmbeddingType != .none { inputs.append(ViewInput(.posEmbed)) }
    return inputs + [
      ViewInput(.pattern, layer: .first), ViewInput(.v, layer: .first),
      ViewInput(.mlpOut, layer: .first), ViewInput(.residPost, layer: .first),
    ]
  }

  func weights(for config: ModelConfig) -> [WeightInput] { [Self.projection, Self.projectionBias] }

  func blocks(_ inputs: ViewInputs, in context: PageContext) throws -> [Block] {
    let config = context.config
    guard config.nLayers > 1 else { return [Draw.note("one layer: no layer-1 heads")] }
    let (d, dh, heads, n) = (config.dModel, config.dHead, config.nHeads, context.tokenLabels.count)
    func read(_ input: WeightInput) throws -> Matrix {
      guard let m = try inputs.weight(input) else { throw MissingWeights(name: input.description) }
      return m
    }
    let wO = try read(Self.projection).data.map(Double.init)  // [d_model, d_model]
    let bO = try read(Self.projectionBias).data.map(Double.init)  // [d_model]
    let embed = try inputs(.embed).matrix.data.map(Double.init)  // [pos, d_model]
    let pos =
      inputs.declares(.posEmbed)
      ? try inputs(.posEmbed).matrix.data.map(Double.init) : [Double](repeating: 0, count: n * d)
    let pattern = try inputs(.pattern).data.map(Double.init)  // [head, pos, pos]
    let v = try inputs(.v).data.map(Double.init)  // [pos, head, d_head]
    let mlp = try inputs(.mlpOut).matrix.data.map(Double.init)  // [pos, d_model]
    // The stream after block 0, which block 1 reads (its hook_resid_pre, the same values).
    let resid = try inputs(.residPost).matrix.data.map(Double.init)  // [pos, d_model]
    // v_h[j] · W_O,h for every source j and head h.  [pos, head, d_model]
    var written = [Double](repeating: 0, count: n * heads * d)
    for j in 0..<n {
      for h in 0..<heads {
        for c in 0..<dh {
          let a = v[(j * heads + h) * dh + c]
          for o in 0..<d { written[(j * heads + h) * d + o] += a * wO[(h * dh + c) * d + o] }
        }
      }
    }
    func norm(_ x: [Double]) -> Double { x.reduce(0) { $0 + $1 * $1 }.squareRoot() }
    func fixed(_ x: Double) -> String { String(format: "%.3f", x) }
    let labels = context.tokenLabels.map { String($0.prefix(8)) }
    let columns = ["embed+pos"] + labels.map { "←" + $0 } + ["b_O", "mlp0", "|Σ−resid|"]
    var table: [[String]] = []
    var largest = 0.0
    for p in 0..<n {
      let base = (0..<d).map { embed[p * d + $0] + pos[p * d + $0] }
      var total = zip(base, bO).map { $0 + $1 }
      var row = [fixed(norm(base))]
      for j in 0..<n {
        var part = [Double](repeating: 0, count: d)
        for h in 0..<heads {
          let weight = pattern[(h * n + p) * n + j]
          for o in 0..<d { part[o] += weight * written[(j * heads + h) * d + o] }
        }
        for o in 0..<d { total[o] += part[o] + (j == 0 ? mlp[p * d + o] : 0) }
        row.append(j > p ? "·" : fixed(norm(part)))
      }
      let difference = maxDifference(total, Array(resid[(p * d)..<((p + 1) * d)]))
      largest = max(largest, difference)
      row += [
        fixed(norm(bO)), fixed(norm(Array(mlp[(p * d)..<((p + 1) * d)]))), scientific(difference),
      ]
      table.append(row)
    }
    let widths = columns.indices.map { c in
      max(columns[c].count, table.map { $0[c].count }.max() ?? 0)
    }
    let lead = max(5, labels.map(\.count).max() ?? 0)
    func line(_ first: String, _ cells: [String], style: Style) -> StyledLine {
      var out = StyledLine(pad(first, lead), style: .bold)
      for (cell, width) in zip(cells, widths) {
        out.append(
          "  " + String(repeating: " ", count: max(0, width - cell.count)) + cell, style: style)
      }
      return out
    }
    var lines = [line("pos", columns, style: .bold)]
    for (p, row) in table.enumerated() { lines.append(line(labels[p], row, style: .plain)) }
    return [
      Draw.note(
        "‖part‖ of blocks.1.hook_resid_pre[p] = hook_embed + hook_pos_embed + Σ_j Σ_h "
          + "pattern0_h[p, j] · v_h[j] · W_O,h (column ←token j) + b_O + blocks.0.hook_mlp_out; "
          + "W_O, b_O = transformer.h.0.attn.c_proj.weight, .bias; · = a later token (weight 0)"),
      .lines(lines), .blank,
      .text(
        "check: the sum of the parts vs blocks.0.hook_resid_post = blocks.1.hook_resid_pre (all \(n)×\(d) entries): "
          + "max |difference| = \(scientific(largest))"),
    ] + context.interventionCaveat
  }

  func animation(config: ModelConfig, tokenCount: Int) -> ViewAnimation? { nil }

  var readsWeights: Bool { true }
}
