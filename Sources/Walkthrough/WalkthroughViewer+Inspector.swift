import TerminalKit

/// The inspector inside the viewer: `i` opens it on the page's result, arrows and Tab move it,
/// Esc (or `i`) leaves; a panel under the page explains the cell under the cursor.
extension WalkthroughViewer {
  /// Opens the inspector on the current page's result matrix.
  mutating func startInspecting() -> Action {
    inspector = Inspector()
    return .redraw
  }

  /// A key while the inspector is open: its action, or nil for keys the viewer handles as usual
  /// (pages, heads, layers, scrolling, quitting).
  mutating func handleInspecting(_ key: Key) -> Action? {
    guard var current = inspector else { return nil }
    switch key {
    case .escape, .character("i"):
      inspector = nil
      return .redraw
    default:
      let matrices = walkthrough.inspectableMatrices(page: position.page, at: position)
      guard current.handle(key, in: matrices) else { return nil }
      inspector = current
      return .redraw
    }
  }

  /// After the cursor moved, scrolls the page so that the cursor's line is on screen.
  mutating func followInspectorCursor(width: Int, height: Int) {
    guard var current = inspector, current.follow || current.followedAt != position, !showingHelp
    else { return }
    current.follow = false
    current.followedAt = position
    inspector = current
    let cursorStyle = Style(bold: true, reverse: true)
    let lines = pageLines(width: width)
    let isCursor = { (span: Span) in
      span.style == cursorStyle && span.text.drop { $0 == " " }.first == ">"
    }
    guard let line = lines.firstIndex(where: { $0.spans.contains(where: isCursor) }) else {
      return
    }
    let bodyHeight = max(1, height - 1 - inspectorPanel(width: width, height: height).count)
    if line < scroll || line >= scroll + bodyHeight {
      _ = scrollBy(max(0, line - bodyHeight / 2) - scroll)
    }
  }

  /// The cell under the inspector's cursor, explained (nil when the inspector is closed or the
  /// page has nothing to inspect).
  public var inspectedCell: InspectedCell? {
    guard let inspector else { return nil }
    return walkthrough.inspect(page: position.page, at: position, inspector: inspector)
  }

  /// The inspector's panel at `width` on a screen `height` lines tall: a header line naming the
  /// matrix and the keys, then the explanation, at most about half the screen.
  func inspectorPanel(width: Int, height: Int) -> [StyledLine] {
    guard inspector != nil else { return [] }
    let style = Style(reverse: true)
    guard let cell = inspectedCell else {
      let text = " nothing to inspect on this page · Esc leaves"
      return [StyledLine(text, style: style).cropped(to: width).padded(to: width, style: style)]
    }
    let place = "\(cell.matrixTitle) (\(cell.inspector.matrix + 1)/\(cell.matrixCount))"
    let forms = [
      " inspecting \(place) · ←↑↓→ move · Tab next matrix · Esc leaves",
      " inspecting \(place) · ←↑↓→ Tab Esc", " \(place) · Tab Esc",
    ]
    let header = forms.first { DisplayWidth.of($0) <= width } ?? forms[forms.count - 1]
    var body: [StyledLine] = []
    for line in cell.lines { body += Block.paragraph([Span(line)]).render(width: max(1, width)) }
    let room = max(2, (height - 1) / 2) - 1
    if body.count > room {
      body =
        Array(body.prefix(max(0, room - 1))) + [StyledLine("… (widen the terminal)", style: .dim)]
    }
    return [StyledLine(header, style: style).cropped(to: width).padded(to: width, style: style)]
      + body.map { $0.cropped(to: width) }
  }
}
