import TerminalKit
import TinyGPT
import TraceKit

/// The permutation run (`Trace.permutation`): the prompt and its shuffle, both run without
/// positions and without the mask; one activation of the reader's layer from both runs side by
/// side, and for every per-position activation the largest |permuted row i − original row
/// order[i]|, which is rounding: `h(Px) = P h(x)`.
struct PermutationView: WalkthroughView {
  /// The activation drawn from both runs, for `layer`.
  static func shownName(layer: Int) -> String { "blocks.\(layer).hook_resid_post" }

  /// Every activation whose first axis is a position (`pos`, `query_pos`, ...), in recording
  /// order, with the largest |permuted[i] − original[order[i]]| over its rows; nil where the
  /// permuted run has no such activation or another shape.
  static func differences(_ run: PermutationRun) -> [(name: String, difference: Double?)] {
    run.original.activations.filter { $0.axes.first?.hasPrefix("pos") == true }.map { a in
      guard let b = run.permuted.activation(named: a.name), b.shape == a.shape,
        let rows = a.shape.first, rows == run.order.count, rows > 0
      else { return (a.name, nil) }
      let width = a.data.count / rows
      var largest = 0.0
      for (i, source) in run.order.enumerated() {
        for j in 0..<width {
          let (x, y) = (b.data[i * width + j], a.data[source * width + j])
          if x != y { largest = max(largest, abs(Double(x) - Double(y))) }
        }
      }
      return (a.name, largest)
    }
  }

  func inputs(for config: ModelConfig) -> [ViewInput] { [] }

  func blocks(_ inputs: ViewInputs, in context: PageContext) throws -> [Block] {
    guard let run = context.trace.permutation else {
      return [
        Draw.note(
          "this trace has no permutation run (traces that carry the weights record it, for "
            + "prompts of at least 2 tokens)")
      ]
    }
    func labels(_ pass: Pass) -> [String] {
      pass.tokens.map {
        $0.text.allSatisfy(\.isWhitespace)
          ? String(repeating: "␣", count: max(1, $0.text.count)) : $0.text
      }
    }
    let (original, permuted) = (labels(run.original), labels(run.permuted))
    let changes = run.interventions.map(\.description).joined(separator: ", ")
    var blocks: [Block] = [
      .text("both runs: \(changes); one pass each"),
      .text("order: [\(run.order.map(String.init).joined(separator: ", "))]"),
      .text("original: " + original.joined(separator: " | ")),
      .text("permuted: " + permuted.joined(separator: " | ")),
      .blank,
    ]
    let name = Self.shownName(layer: context.layer)
    if let a = run.original.activation(named: name), let b = run.permuted.activation(named: name) {
      blocks.append(
        .row([
          Draw.matrix(a.matrix, title: "\(name), original", rows: original),
          Draw.matrix(b.matrix, title: "\(name), permuted", rows: permuted),
        ]))
    } else {
      blocks.append(Draw.note("\(name) is not in the permutation run"))
    }
    let table = Self.differences(run)
    let width = table.map(\.name.count).max() ?? 0
    var lines = [
      StyledLine("max |permuted[i] − original[order[i]]| per activation", style: .bold)
    ]
    for row in table {
      let value = row.difference.map(scientific) ?? "(shapes differ)"
      lines.append(StyledLine(pad(row.name, width) + "  " + value, style: .plain))
    }
    let largest = table.compactMap(\.difference).max() ?? 0
    return blocks + [
      .blank, .lines(lines),
      .text("largest over all \(table.count) activations: \(scientific(largest))"),
      Draw.note(
        "what breaks it: with the mask, row i sees only the tokens before it, which a shuffle "
          + "changes; with positions, row i gets position i's embedding, which stays where it is "
          + "while the token moves: either way the rows would differ"),
    ]
  }

  func animation(config: ModelConfig, tokenCount: Int) -> ViewAnimation? { nil }
}
