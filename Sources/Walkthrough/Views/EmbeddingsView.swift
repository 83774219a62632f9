import TerminalKit
import TinyGPT

/// Token embedding (+ position embedding) = the residual stream entering block 0.
struct EmbeddingsView: WalkthroughView {
  func inputs(for config: ModelConfig) -> [ViewInput] {
    let positional = config.positionalEmbeddingType == .none ? [] : [ViewInput(.posEmbed)]
    return [ViewInput(.embed)] + positional + [ViewInput(.residPre, layer: .first)]
  }

  func blocks(_ inputs: ViewInputs, in context: PageContext) throws -> [Block] {
    let config = context.config
    let embed = try inputs(.embed)
    let sum = try inputs(.residPre)
    let rows = context.tokenLabels
    let r = context.reveal
    var parts = [
      Draw.matrix(
        embed.matrix, title: "token embedding", rows: rows, highlightRow: r?.row,
        highlightColumn: r?.column, marks: context.marks(.embed))
    ]
    if inputs.declares(.posEmbed) {
      let positional = try inputs(.posEmbed)
      let title =
        config.positionalEmbeddingType == .sinusoidal ? "sinusoidal position" : "position embedding"
      parts += [
        Draw.op("+"),
        Draw.matrix(
          positional.matrix, title: title, rows: context.positionLabels, highlightRow: r?.row,
          highlightColumn: r?.column, marks: context.marks(.posEmbed)),
      ]
    }
    parts += [
      Draw.op("="),
      Draw.matrix(
        sum.matrix, title: "residual stream", rows: rows, revealed: r?.count, legend: true,
        marks: context.marks(MatrixSource(ActivationName(.residPre, layer: 0).description))),
    ]
    let ids = context.pass.tokens.map { "\($0.id)" }.joined(separator: ", ")
    return [
      Draw.equation(parts),
      Draw.note(
        "rows of transformer.wte.weight [\(config.dVocab) × \(config.dModel)] for ids \(ids)"),
    ]
  }

  func animation(config: ModelConfig, tokenCount: Int) -> ViewAnimation? {
    ViewAnimation(rows: tokenCount, columns: config.dModel)
  }

  func inspectable(_ context: PageContext) -> [InspectableMatrix] {
    var first = context
    first.position.layer = 0
    let positional =
      context.config.positionalEmbeddingType == .none
      ? [] : [context.inspectable(.posEmbed, title: "position embedding")]
    return [first.inspectable(.residPre, title: "residual stream")]
      + [context.inspectable(.embed, title: "token embedding")] + positional
  }
}
