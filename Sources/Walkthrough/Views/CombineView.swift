import TerminalKit
import TinyGPT

/// The heads side by side · `W_O` + b = attention output, the same head by head, and the
/// residual add.
struct CombineView: WalkthroughView {
  func inputs(for config: ModelConfig) -> [ViewInput] {
    [.init(.z), .init(.result), .init(.attnOut), .init(.residPre), .init(.residMid)]
  }

  static let weight = WeightInput.block("attn.c_proj.weight")

  func weights(for config: ModelConfig) -> [WeightInput] { [Self.weight] }

  func blocks(_ inputs: ViewInputs, in context: PageContext) throws -> [Block] {
    let (config, tokens) = (context.config, context.tokenLabels)
    let result = try inputs(.result)
    let attnOut = try inputs(.attnOut)
    let d = config.dModel
    let r = context.reveal
    // Each head's share (hook_result, bias excluded); many heads: the first, …, the last.
    let heads = Array(0..<config.nHeads)
    let listed = heads.count <= 4 ? heads : [heads[0], -1, heads[heads.count - 1]]
    var shares: [Block] = []
    for h in listed {
      if !shares.isEmpty { shares.append(Draw.op("+")) }
      shares.append(
        h < 0
          ? Draw.op("… \(config.nHeads - 2) more …")
          : Draw.matrix(
            result.head(h), title: "head \(h)'s share", rows: tokens,
            marks: context.marks(MatrixSource(context.activationName(.result).description, head: h))
          ))
    }
    shares += [
      Draw.op("+ b ="),
      Draw.matrix(
        attnOut.matrix, title: "attention output", rows: tokens, marks: context.marks(.attnOut)),
    ]
    let weightName = context.weightName("attn.c_proj.weight")
    return [
      Draw.equation([
        Draw.matrix(
          try inputs(.z).matrix, title: "z (\(config.nHeads) heads side by side)", rows: tokens,
          highlightRow: r?.row, marks: context.marks(.z)),
        Draw.op("·"),
        Draw.weights(
          "W_O", rows: d, cols: d, values: try inputs.weight(Self.weight),
          marks: context.marks(MatrixSource(weightName))),
        Draw.op("+ b ="),
        Draw.matrix(
          attnOut.matrix, title: "attention output", rows: tokens, revealed: r?.count,
          legend: true, marks: context.marks(.attnOut)),
      ]),
      Draw.note("the same, head by head: z_h · (head h's rows of W_O), summed"),
      Draw.equation(shares),
      Draw.equation([
        Draw.matrix(
          try inputs(.residPre).matrix, title: "residual stream", rows: tokens,
          marks: context.marks(.residPre)),
        Draw.op("+"),
        Draw.matrix(
          attnOut.matrix, title: "attention output", rows: tokens, marks: context.marks(.attnOut)),
        Draw.op("="),
        Draw.matrix(
          try inputs(.residMid).matrix, title: "new residual stream", rows: tokens,
          marks: context.marks(.residMid)),
      ]),
      Draw.note(
        "W_O is \(weightName); the heads' shares are "
          + "blocks.\(context.layer).attn.hook_result"),
    ]
  }

  func animation(config: ModelConfig, tokenCount: Int) -> ViewAnimation? {
    ViewAnimation(rows: tokenCount, columns: config.dModel)
  }

  func inspectable(_ context: PageContext) -> [InspectableMatrix] {
    let heads = Array(0..<context.config.nHeads)
    let listed = heads.count <= 4 ? heads : [heads[0], heads[heads.count - 1]]
    let shares = listed.map { h in
      var share = context.inspectableHead(
        .result, title: "head \(h)'s share", width: context.config.dModel)
      share.source.head = h
      share.layout = .head(h)
      return share
    }
    return [
      context.inspectable(.attnOut, title: "attention output"),
      context.inspectable(.z, title: "z"),
    ] + shares + [context.inspectable(.residMid, title: "new residual stream")]
  }
}
