import TerminalKit

extension PageView {
  /// Whether the page shows the current layer (`{` `}` change what it shows).
  public var dependsOnLayer: Bool {
    switch self {
    case .text, .tokens, .embeddings, .prediction, .generation, .lens, .attribution,
      .positionShift, .context:
      false
    case .layerNorm, .qkv, .heads, .scores, .mask, .pattern, .weightedValues, .combine, .mlp,
      .layers, .qkCircuit, .ovCircuit, .basis, .permutation:
      true
    }
  }

  /// Whether the page shows the current attention head (`[` `]` change what it shows).
  public var dependsOnHead: Bool {
    switch self {
    case .heads, .scores, .mask, .pattern, .weightedValues, .qkCircuit, .ovCircuit, .basis: true
    default: false
    }
  }
}

extension WalkthroughViewer {
  /// The bottom line: where the reader is, the lab's settings and the main keys, in the
  /// widest form that fits `width` (never wider).
  ///
  /// Layers and heads count from 0 as the pages and hook names do: `layer 0 of 2` is the first
  /// of two, as in `blocks.0`. They show only on pages that depend on them.
  func statusLine(width: Int, more: String) -> StyledLine {
    let style = Style(reverse: true)
    let text = statusText(width: width, more: more)
    return StyledLine(text, style: style).cropped(to: width).padded(to: width, style: style)
  }

  func statusText(width: Int, more: String) -> String {
    switch input {
    case .prompt(let text, let cursor, let error):
      return promptStatus(text: text, cursor: cursor, error: error, width: width)
    case .search(let text): return " search: \(text)_  (Enter finds, Esc cancels)"
    case .number, .none: break
    }
    if showingHelp {
      return " help · ↑ ↓ scroll · any other key goes back" + (more.isEmpty ? "" : " · " + more)
    }
    if contentsSelection != nil { return " contents · ↑ ↓ choose · Enter go · Esc back" }
    let c = walkthrough.trace.config
    let view = walkthrough.pages[position.page].view
    let showsLayer = view.dependsOnLayer
    let showsHead = view.dependsOnHead
    let settings = labSettings
    let page = "page \(position.page + 1)/\(pageCount)"
    var place = [page]
    if showsLayer { place.append("layer \(position.layer) of \(c.nLayers)") }
    if showsHead { place.append("head \(position.head) of \(c.nHeads)") }
    var notes: [String] = []
    if let autoplay { notes.append(autoplay.paused ? "paused (space plays)" : "▶ playing") }
    if case .number(let digits) = input { notes.append("go to \(digits)_") }
    if let searchTerm { notes.append("search “\(searchTerm)” (n next)") }
    if let message { notes.append(message) }
    if !more.isEmpty { notes.append(more) }
    let changed = settings.interventionText.map { ["changed: " + $0] } ?? []
    let sampling = [settings.samplingText]
    let compactPlace =
      "\(position.page + 1)/\(pageCount)" + (showsLayer ? " L\(position.layer)" : "")
      + (showsHead ? " H\(position.head)" : "")
    let keysLong = "   ←/→ pages  g contents  ? help  q quit"
    let keysShort = "   ? help  q quit"
    func line(_ parts: [String], _ keys: String = "") -> String {
      " " + parts.joined(separator: " · ") + keys
    }
    // The widest form that fits: everything, then fewer keys, then less of the lab.
    let forms = [
      line(place + changed + sampling + notes, keysLong),
      line(place + changed + sampling + notes, keysShort),
      line(place + changed + notes, keysShort),
      line(place + changed + notes),
      line([compactPlace] + changed + notes),
      line([compactPlace] + notes),
      line([compactPlace]),
    ]
    return forms.first { DisplayWidth.of($0) <= width } ?? forms[forms.count - 1]
  }
}
