import TerminalKit
import TinyGPT
import TraceKit

/// What every view needs besides its inputs: the trace, where the reader is, and the
/// animation frame being drawn.
struct PageContext {
  let trace: Trace
  /// The run this one is compared with (see `Walkthrough.baseline`).
  var baseline: Trace? = nil
  var position: WalkthroughPosition
  /// During an animation, the part of the page's product revealed so far.
  var reveal: Reveal? = nil
  /// While the inspector is on, its cursor and the operands of its cell.
  var inspection: Inspection? = nil

  var config: ModelConfig { trace.config }
  var pass: Pass { trace.passes[min(position.pass, trace.passes.count - 1)] }
  var layer: Int { position.layer }
  var head: Int { min(position.head, config.nHeads - 1) }
  /// Token texts, for row labels; a blank token is drawn as `␣` so its row stays visible.
  var tokenLabels: [String] {
    pass.tokens.map {
      $0.text.allSatisfy(\.isWhitespace)
        ? String(repeating: "␣", count: max(1, $0.text.count)) : $0.text
    }
  }

  /// `pos 0`, `pos 1`, ... for matrices indexed by position rather than token.
  var positionLabels: [String] { (0..<pass.tokens.count).map { "pos \($0)" } }

  /// The `[d_head]`-wide column range of the current head inside `[d_model]`.
  var headColumns: Range<Int> { (head * config.dHead)..<((head + 1) * config.dHead) }

  /// The GPT-2 name of a weight of the current layer.
  func weightName(_ suffix: String) -> String { WeightSlot.blockName(layer: layer, suffix) }
}
