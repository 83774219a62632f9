import TerminalKit
import TinyGPT

/// The heads side by side · `W_O` + b = attention output, the same head by head, and the
/// residual add.
struct CombineView: WalkthroughView {
  func inputs(for config: ModelConfig) -> [ViewInput] {
    [.init(.z), .init(.result), .init(.attnOut), .init(.residPre), .init(.residMid)]
  }

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
          : Draw.matrix(result.head(h), title: "head \(h)'s share", rows: tokens))
    }
    shares += [
      Draw.op("+ b ="), Draw.matrix(attnOut.matrix, title: "attention output", rows: tokens),
    ]
    return [
      Draw.equation([
        Draw.matrix(
          try inputs(.z).matrix, title: "z (\(config.nHeads) heads side by side)", rows: tokens,
          highlightRow: r?.row),
        Draw.op("·"), Draw.weights("W_O", rows: d, cols: d), Draw.op("+ b ="),
        Draw.matrix(
          attnOut.matrix, title: "attention output", rows: tokens, revealed: r?.count,
          legend: true),
      ]),
      Draw.note("the same, head by head: z_h · (head h's rows of W_O), summed"),
      Draw.equation(shares),
      Draw.equation([
        Draw.matrix(try inputs(.residPre).matrix, title: "residual stream", rows: tokens),
        Draw.op("+"),
        Draw.matrix(attnOut.matrix, title: "attention output", rows: tokens), Draw.op("="),
        Draw.matrix(try inputs(.residMid).matrix, title: "new residual stream", rows: tokens),
      ]),
      Draw.note(
        "W_O is \(context.weightName("attn.c_proj.weight")); the heads' shares are "
          + "blocks.\(context.layer).attn.hook_result"),
    ]
  }

  func animation(config: ModelConfig, tokenCount: Int) -> ViewAnimation? {
    ViewAnimation(rows: tokenCount, columns: config.dModel)
  }
}
