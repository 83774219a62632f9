import TerminalKit
import TinyGPT

/// The current head's scores before and after the causal mask.
struct MaskView: WalkthroughView {
  func inputs(for config: ModelConfig) -> [ViewInput] {
    [.init(.attnScoresUnmasked), .init(.attnScores)]
  }

  func blocks(_ inputs: ViewInputs, in context: PageContext) throws -> [Block] {
    let (head, tokens) = (context.head, context.tokenLabels)
    return [
      Draw.equation([
        Draw.matrix(
          try inputs(.attnScoresUnmasked).slice(head), title: "scores", rows: tokens,
          columns: tokens, marks: context.headMarks(.attnScoresUnmasked)),
        Draw.op("→ mask →"),
        Draw.matrix(
          try inputs(.attnScores).slice(head), title: "masked scores", rows: tokens,
          columns: tokens, maskGlyph: "-∞", marks: context.headMarks(.attnScores)),
      ]),
      Draw.note(
        "-∞ marks a query looking at a later key: hidden by the mask (row = query, column = key)"),
    ]
  }

  func animation(config: ModelConfig, tokenCount: Int) -> ViewAnimation? { nil }

  func inspectable(_ context: PageContext) -> [InspectableMatrix] {
    [
      context.inspectableSlice(.attnScores, title: "masked scores"),
      context.inspectableSlice(.attnScoresUnmasked, title: "scores"),
    ]
  }
}
