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
    if let notice = interventionNotice {
      blocks += [.paragraph([Span(notice, style: Style(bold: true, reverse: true))]), .blank]
    }
    for paragraph in spec.narration {
      blocks.append(.text(narration.fill(paragraph)))
      blocks.append(.blank)
    }
    blocks += context.blocks(for: spec.view)
    return Document(
      title: "\(index + 1)/\(pages.count)  " + narration.fill(spec.title), blocks: blocks
    ).recoloured(with: palettes)
  }
}

extension Walkthrough {
  /// One line saying what was changed in this run, so nobody takes an edited run for the
  /// model's own (`ablated: L0H1 · no mask · patched: blocks.0.hook_resid_post from b.json`);
  /// nil for the model's own run.
  var interventionNotice: String? {
    let changes = trace.interventions
    guard !changes.isEmpty else { return nil }
    var parts: [String] = []
    let ablated = changes.filter { $0.record.kind == "ablate" }.map(\.description)
    if !ablated.isEmpty { parts.append("ablated: " + ablated.joined(separator: ", ")) }
    if changes.contains(.noMask) { parts.append("no causal mask") }
    for case .patch(let target, let source) in changes {
      parts.append("patched: \(target) from \(source)")
    }
    return "intervened run · " + parts.joined(separator: " · ")
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
