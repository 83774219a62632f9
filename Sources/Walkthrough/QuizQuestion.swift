import TerminalKit
import TinyGPT
import TraceKit

/// A question the quiz (`--quiz`) asks before a page shows its result, derived from the trace:
/// the reader guesses with a number key, then sees the answer with the real numbers.
public struct QuizQuestion: Equatable, Sendable {
  /// Identifies the question: the page, and the layer, head and pass it is about.
  public var id: String
  /// The question.
  public var text: String
  /// The choices, numbered from 1 on screen (at most 4).
  public var options: [String]
  /// The indices of `options` that are right (several when values tie).
  public var answers: Set<Int>
  /// The real numbers behind the answer, one per option.
  public var numbers: [String]
}

extension Walkthrough {
  /// The question page `index` asks at `position` (the attention pattern's strongest key for
  /// the current head, the most probable next token); nil for pages that ask none.
  public func quizQuestion(page index: Int, at position: WalkthroughPosition) -> QuizQuestion? {
    let pass = trace.passes[min(position.pass, trace.passes.count - 1)]
    switch pages[index].view {
    case .pattern:
      let layer = min(position.layer, trace.config.nLayers - 1)
      let head = min(position.head, trace.config.nHeads - 1)
      guard let pattern = pass.activation(ActivationName(.pattern, layer: layer)) else {
        return nil
      }
      let matrix = pattern.slice(head)  // [pos, pos]: the last row is the last token's
      guard matrix.rows > 1 else { return nil }
      let row = matrix.row(matrix.rows - 1)
      // The 4 strongest keys, shown in position order so the order gives nothing away.
      let keys = topCandidateIndices(row, count: 4).sorted()
      let best = keys.map { row[$0] }.max() ?? 0
      let last = pass.tokens[pass.tokens.count - 1].text
      return QuizQuestion(
        id: "\(index)/\(layer)/\(head)/\(position.pass)",
        text:
          "Layer \(layer), head \(head): which token does the last token \"\(last)\" attend "
          + "to most?",
        options: keys.map { "\"\(pass.tokens[$0].text)\" (position \($0))" },
        answers: Set(keys.indices.filter { row[keys[$0]] == best }),
        numbers: keys.map { NumberText.fixed(row[$0], decimals: 3) })
    case .prediction:
      let candidates = Array(pass.candidates.prefix(4))
      guard candidates.count > 1 else { return nil }
      // In token-id order so the order gives nothing away.
      let shown = candidates.sorted { $0.id < $1.id }
      let best = candidates.map(\.probability).max() ?? 0
      let last = pass.tokens[pass.tokens.count - 1].text
      return QuizQuestion(
        id: "\(index)/\(position.pass)",
        text: "Which of these tokens does the model find most probable after \"\(last)\"?",
        options: shown.map { "\"\($0.text)\"" },
        answers: Set(shown.indices.filter { shown[$0].probability == best }),
        numbers: shown.map { NumberText.fixed($0.probability, decimals: 3) })
    default:
      return nil
    }
  }

  /// The indices of the `count` largest values of `row`, largest first (ties: lower first).
  func topCandidateIndices(_ row: [Float], count: Int) -> [Int] {
    Array(row.indices.sorted { row[$0] != row[$1] ? row[$0] > row[$1] : $0 < $1 }.prefix(count))
  }
}
