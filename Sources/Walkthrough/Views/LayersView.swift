import TerminalKit
import TinyGPT

/// How much each layer's attention and MLP write into the stream, per token (vector lengths),
/// and where each head of the current layer looks.
struct LayersView: WalkthroughView {
  func inputs(for config: ModelConfig) -> [ViewInput] {
    [.init(.attnOut, layer: .every), .init(.mlpOut, layer: .every), .init(.pattern)]
  }

  func blocks(_ inputs: ViewInputs, in context: PageContext) throws -> [Block] {
    let (config, tokens, layer) = (context.config, context.tokenLabels, context.layer)
    var columns: [String] = []
    var values = [[Float]](repeating: [], count: context.pass.tokens.count)
    for l in 0..<config.nLayers {
      for (point, label) in [(HookPoint.attnOut, "attn \(l)"), (.mlpOut, "mlp \(l)")] {
        let m = try inputs(point, layer: l).matrix
        columns.append(label)
        for p in 0..<m.rows { values[p].append(m.row(p).reduce(0) { $0 + $1 * $1 }.squareRoot()) }
      }
    }
    let grid = Matrix(rows: values.count, cols: columns.count, data: values.flatMap { $0 })
    // The attention patterns of every head of the current layer (at most 4), side by side.
    let pattern = try inputs(.pattern)
    let count = min(config.nHeads, 4)
    var patterns: [Block] = (0..<count).map { h in
      Draw.matrix(
        pattern.slice(h), title: "layer \(layer), head \(h)", rows: tokens, columns: tokens,
        probabilities: true, maxRows: 8,
        marks: context.marks(MatrixSource(context.activationName(.pattern).description, head: h)))
    }
    if config.nHeads > count { patterns.append(Draw.op("… \(config.nHeads - count) more heads")) }
    return [
      Draw.matrix(
        grid, title: "length of what each part adds, per token", rows: tokens, columns: columns),
      .blank,
      Draw.note("where each head of layer \(layer) looks (rows: queries, columns: keys):"),
      .row(patterns, gap: 3, alignment: .top),
      .blank,
      Draw.note("you are on layer \(layer) of \(config.nLayers); { and } change it"),
    ]
  }

  func animation(config: ModelConfig, tokenCount: Int) -> ViewAnimation? { nil }

  /// The drawn patterns (the lengths are computed here, not recorded, so they have no
  /// explanation).
  func inspectable(_ context: PageContext) -> [InspectableMatrix] {
    (0..<min(context.config.nHeads, 4)).map { h in
      var pattern = context.inspectableSlice(.pattern, title: "layer \(context.layer), head \(h)")
      pattern.source.head = h
      pattern.layout = .slice(h)
      return pattern
    }
  }
}
