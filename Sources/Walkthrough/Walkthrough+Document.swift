import TerminalKit
import TraceKit

extension Walkthrough {
  /// Page `index` at `position` as a document: title, narration, then the page's matrices.
  ///
  /// `revealed` draws an animation frame: only the first `revealed` cells of the page's product
  /// are filled in, with the row and column they come from highlighted.
  public func document(page index: Int, at position: WalkthroughPosition, revealed: Int? = nil)
    -> Document
  {
    let spec = pages[index]
    let narration = Narration(trace: trace, position: position)
    var context = PageContext(
      walkthrough: self, position: position, shown: shown(index, at: position))
    context.revealed = revealed
    var blocks: [Block] = []
    for paragraph in spec.narration {
      blocks.append(.text(narration.fill(paragraph)))
      blocks.append(.blank)
    }
    blocks += context.blocks(for: spec.view)
    return Document(
      title: "\(index + 1)/\(pages.count)  " + narration.fill(spec.title), blocks: blocks)
  }
}

extension Walkthrough {
  /// How many cells the product animated on page `index` has (0: the page has no animation).
  public func animatedCellCount(page index: Int) -> Int {
    let c = trace.config
    let pos = trace.passes.first?.tokens.count ?? 0
    switch pages[index].view {
    case .embeddings, .layerNorm, .qkv, .combine: return pos * c.dModel
    case .scores, .pattern: return pos * pos
    case .weightedValues: return pos * c.dHead
    case .mlp: return pos * c.dMLP
    default: return 0
    }
  }
}

extension PageContext {
  /// The matrices of `view`.
  func blocks(for view: PageView) -> [Block] {
    switch view {
    case .text: []
    case .tokens: tokensView()
    case .embeddings: embeddingsView()
    case .layerNorm: layerNormView()
    case .qkv: qkvView()
    case .heads: headsView()
    case .scores: scoresView()
    case .mask: maskView()
    case .pattern: patternView()
    case .weightedValues: weightedValuesView()
    case .combine: combineView()
    case .mlp: mlpView()
    case .layers: layersView()
    case .prediction: predictionView()
    case .generation: generationView()
    }
  }
}
