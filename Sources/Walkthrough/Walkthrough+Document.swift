import TerminalKit
import TraceKit

extension Walkthrough {
  /// Page `index` at `position` as a document: title, narration, then the page's matrices.
  ///
  /// `revealed` draws an animation frame: only the first `revealed` cells of the page's product
  /// are filled in, with the row and column they come from highlighted.
  ///
  /// `inspector`, when given, puts the inspector's cursor and its cell's operands on the page.
  ///
  /// `interactive` is true for the viewer: only then does the page name the keys that change
  /// what it shows (a printed handout has no keys).
  ///
  /// `comparing` draws every heatmap as its difference from the baseline run (compare mode).
  public func document(
    page index: Int, at position: WalkthroughPosition, revealed: Int? = nil,
    inspector: Inspector? = nil, interactive: Bool = true, comparing: Bool = false
  ) -> Document {
    let spec = pages[index]
    let narration = Narration(trace: trace, position: position)
    let view = spec.view.implementation
    var context = PageContext(trace: trace, baseline: baseline, position: position)
    if let revealed,
      let animation = view.animation(config: trace.config, tokenCount: context.pass.tokens.count)
    {
      context.reveal = animation.frame(revealed: revealed)
    }
    if let inspector {
      context.inspection = inspection(page: index, at: position, inspector: inspector)
    }
    var blocks: [Block] = []
    if let notice = interventionNotice {
      blocks += [.paragraph([Span(notice, style: Style(bold: true, reverse: true))]), .blank]
    }
    for paragraph in spec.narration {
      blocks.append(.text(narration.fill(paragraph)))
      blocks.append(.blank)
    }
    if interactive, let hint = keyHint(for: spec.view) {
      blocks += [Draw.note(hint), .blank]
    }
    let drawn = Self.viewBlocks(view, in: context)
    blocks += comparing ? compared(drawn, view: view, in: context) : drawn
    return Document(
      title: "\(index + 1)/\(pages.count)  " + narration.fill(spec.title), blocks: blocks
    ).recoloured(with: palettes)
  }
}

extension Walkthrough {
  /// What `view` draws in `context`. Inputs were checked against the trace when the
  /// walkthrough was made; should one still be missing (a position outside the model), the
  /// page says so rather than coming out empty.
  static func viewBlocks(_ view: any WalkthroughView, in context: PageContext) -> [Block] {
    let trace = context.trace
    do {
      let inputs = try ViewInputs(
        view.inputs(for: trace.config), weights: view.weights(for: trace.config),
        parameters: trace.parameters, pass: context.pass, layer: context.position.layer,
        config: trace.config)
      return try view.blocks(inputs, in: context)
    } catch {
      return [Draw.note("(this page cannot be drawn: \(error))")]
    }
  }

  /// The keys that change what a page of `view` shows (`[ ] another head · { } another
  /// layer`), nil when none does.
  func keyHint(for view: PageView) -> String? {
    var keys: [String] = []
    if view.dependsOnHead && trace.config.nHeads > 1 { keys.append("[ ] another head") }
    if view.dependsOnLayer && trace.config.nLayers > 1 { keys.append("{ } another layer") }
    return keys.isEmpty ? nil : keys.joined(separator: " · ")
  }

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
    animation(of: index)?.cells ?? 0
  }

  /// The product page `index` animates, sized for the first pass.
  func animation(of index: Int) -> ViewAnimation? {
    pages[index].view.implementation.animation(
      config: trace.config, tokenCount: trace.passes.first?.tokens.count ?? 0)
  }
}
