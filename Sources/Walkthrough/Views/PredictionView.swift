import TerminalKit
import TinyGPT

/// The last row of the final stream → (final LayerNorm) → logits → probabilities, and the
/// chosen token.
struct PredictionView: WalkthroughView {
  func inputs(for config: ModelConfig) -> [ViewInput] {
    let norm = config.normalizationType == nil ? [] : [ViewInput(.lnFinalOut)]
    return [ViewInput(.residPost, layer: .last)] + norm + [ViewInput(.logits)]
  }

  func weights(for config: ModelConfig) -> [WeightInput] { [.unembedding(config)] }

  /// The token ids of the largest logits of `row`, largest first (ties: lower id first).
  static func top(_ row: [Float]) -> [Int] {
    let order = row.indices.sorted { row[$0] != row[$1] ? row[$0] > row[$1] : $0 < $1 }
    return Array(order.prefix(12))
  }

  func blocks(_ inputs: ViewInputs, in context: PageContext) throws -> [Block] {
    let (config, trace, pass) = (context.config, context.trace, context.pass)
    let resid = try inputs(.residPost)
    let last = resid.matrix.rows - 1
    let lastToken = context.tokenLabels.last ?? ""
    var blocks: [Block] = []
    var chain: [Block] = [
      Draw.matrix(
        resid.matrix.rows(last..<(last + 1)), title: "last row of the stream", rows: [lastToken],
        marks: context.marks(
          MatrixSource(
            ActivationName(.residPost, layer: config.nLayers - 1).description, rowOffset: last)))
    ]
    let normalized = inputs.declares(.lnFinalOut)
    if normalized {
      // After the weight and bias: not the variance-1 row of the normalization step.
      let lnOut = try inputs(.lnFinalOut)
      chain += [
        Draw.op("→ LayerNorm →"),
        Draw.matrix(
          lnOut.matrix.rows(last..<(last + 1)), title: "ln_final.hook_out", rows: [lastToken],
          marks: context.marks(MatrixSource(lnOut.name, rowOffset: last))),
      ]
    }
    let unembedding = config.tieWordEmbeddings ? "transformer.wte.weightᵀ" : "lm_headᵀ"
    let weight = WeightInput.unembedding(config)
    // [d_vocab, d_model] -> [d_model, d_vocab]
    let values = try inputs.weight(weight)?.transposed()
    chain += [
      Draw.op("·"),
      Draw.weights(
        "W_U", rows: config.dModel, cols: config.dVocab, note: unembedding,
        values: values,
        marks: context.marks(MatrixSource(weight.name(layer: 0), transposed: true))),
    ]
    blocks.append(Draw.equation(chain))
    if normalized {
      blocks.append(
        Draw.note(
          "ln_final.hook_out: the row normalized to mean 0 and variance 1, then times the final "
            + "LayerNorm's learned weight, plus its bias"))
    }
    let row = try inputs(.logits).matrix.row(last)
    let top = Self.top(row)
    blocks.append(
      Draw.matrix(
        Matrix(rows: top.count, cols: 1, data: top.map { row[$0] }),
        title: "logits (the \(top.count) largest of \(config.dVocab))",
        rows: top.map { "\"\(trace.tokenizer.text(of: $0))\"" }, columns: ["logit"],
        marks: context.marks(MatrixSource("logits"))))
    let (comparison, note) = PredictionComparison.make(context)
    if let comparison {
      blocks.append(comparison.block(tokenizer: trace.tokenizer, chosen: pass.chosen.id))
    } else {
      let candidates = pass.candidates.prefix(8)
      let largest = candidates.first?.probability ?? 1
      if let chart = try? BarChart(
        labels: candidates.map { "\"\($0.text)\"" }, values: candidates.map(\.probability),
        highlighted: candidates.firstIndex { $0.id == pass.chosen.id },
        decimals: largest >= 0.1 ? 2 : largest >= 0.01 ? 3 : 6, title: "probabilities after softmax"
      ) {
        blocks.append(.bars(chart))
      }
    }
    if let note { blocks.append(Draw.note(note)) }
    blocks.append(
      .paragraph([
        Span("next token: "), Span("\"\(pass.chosen.text)\"", style: .bold),
        Span(
          trace.sampling.isGreedy
            ? "  (greedy: the most probable)"
            : "  (sampled at temperature \(trace.sampling.temperature), seed \(trace.sampling.seed))",
          style: .dim),
      ]))
    return blocks
  }

  func animation(config: ModelConfig, tokenCount: Int) -> ViewAnimation? { nil }

  func inspectable(_ context: PageContext) -> [InspectableMatrix] {
    let name = ActivationName(.logits)
    guard let logits = context.pass.activation(name), let last = context.pass.tokens.indices.last
    else { return [] }
    let top = Self.top(logits.matrix.row(last))
    return [
      InspectableMatrix(
        title: "logits", source: MatrixSource("logits"), name: name, rows: top.count,
        columns: 1, layout: .tokens(position: last, ids: top))
    ]
  }
}
