import TerminalKit
import TraceKit

extension Walkthrough {
  /// Page `index` at `position` as a document: title, narration, then the page's matrices.
  public func document(page index: Int, at position: WalkthroughPosition) -> Document {
    let spec = pages[index]
    let narration = Narration(trace: trace, position: position)
    let context = PageContext(walkthrough: self, position: position, shown: shown(index, at: position))
    var blocks: [Block] = []
    for paragraph in spec.narration {
      blocks.append(.text(narration.fill(paragraph)))
      blocks.append(.blank)
    }
    blocks += context.blocks(for: spec.view)
    return Document(title: "\(index + 1)/\(pages.count)  " + narration.fill(spec.title), blocks: blocks)
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
