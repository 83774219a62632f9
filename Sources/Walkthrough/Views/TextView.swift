import TerminalKit
import TinyGPT

/// Prose only: the page's narration and nothing else.
struct TextView: WalkthroughView {
  func inputs(for config: ModelConfig) -> [ViewInput] { [] }

  func blocks(_ inputs: ViewInputs, in context: PageContext) throws -> [Block] { [] }

  func animation(config: ModelConfig, tokenCount: Int) -> ViewAnimation? { nil }
}
