import TerminalKit

/// The interactive walkthrough as a pure state machine: keys in, frames out.
///
/// The terminal loop (in `tracer`) feeds it keys and draws its frames; tests drive it directly.
public struct WalkthroughViewer: Sendable {
  public let walkthrough: Walkthrough
  public private(set) var position: WalkthroughPosition
  /// The first page line shown, for pages taller than the screen.
  public private(set) var scroll = 0
  public private(set) var showingHelp = false
  /// Digits typed so far for a jump (`12` then Enter goes to page 12).
  public private(set) var typedNumber = ""
  /// The inspector's cursor while it is open (`i`); see WalkthroughViewer+Inspector.swift.
  public internal(set) var inspector: Inspector?

  /// What the loop should do after a key.
  public enum Action: Equatable, Sendable {
    case redraw
    /// Redraw, and the page changed (an animation may play).
    case pageChanged
    case quit
    case nothing
  }

  public init(walkthrough: Walkthrough, position: WalkthroughPosition = WalkthroughPosition()) {
    self.walkthrough = walkthrough
    self.position = position
    clampPosition()
  }

  var pageCount: Int { walkthrough.pages.count }

  /// Applies one key.
  public mutating func handle(_ key: Key) -> Action {
    if showingHelp {
      if key == .character("q") || key == .control("c") { return .quit }
      showingHelp = false
      return .redraw
    }
    if let action = handleInspecting(key) { return action }
    if case .character(let c) = key, c.isASCII, c.isNumber {
      typedNumber.append(c)
      return .redraw
    }
    if key == .enter && !typedNumber.isEmpty {
      let target = Int(typedNumber) ?? 1
      typedNumber = ""
      return go(toPage: target - 1)
    }
    typedNumber = ""
    switch key {
    case .right, .character(" "), .character("n"), .character("l"):
      return go(toPage: position.page + 1)
    case .left, .character("p"), .character("h"), .backspace: return go(toPage: position.page - 1)
    case .character("g"), .home: return go(toPage: 0)
    case .character("G"), .end: return go(toPage: pageCount - 1)
    case .character("]"): return move(head: 1)
    case .character("["): return move(head: -1)
    case .character("}"): return move(layer: 1)
    case .character("{"): return move(layer: -1)
    case .down, .character("j"): return scrollBy(1)
    case .up, .character("k"): return scrollBy(-1)
    case .pageDown: return scrollBy(10)
    case .pageUp: return scrollBy(-10)
    case .character("i"): return startInspecting()
    case .character("?"):
      showingHelp = true
      return .redraw
    case .character("q"), .escape, .control("c"), .control("d"): return .quit
    default: return .nothing
    }
  }

  /// Moves to the next page; false at the last page (for autoplay).
  public mutating func advance() -> Bool {
    guard position.page + 1 < pageCount else { return false }
    _ = go(toPage: position.page + 1)
    return true
  }

  mutating func go(toPage page: Int) -> Action {
    let target = min(max(0, page), pageCount - 1)
    guard target != position.page else { return .nothing }
    position.page = target
    scroll = 0
    return .pageChanged
  }

  mutating func move(head delta: Int) -> Action {
    let heads = walkthrough.trace.config.nHeads
    position.head = (position.head + delta + heads) % heads
    return .redraw
  }

  mutating func move(layer delta: Int) -> Action {
    let layers = walkthrough.trace.config.nLayers
    position.layer = (position.layer + delta + layers) % layers
    return .redraw
  }

  mutating func scrollBy(_ delta: Int) -> Action {
    scroll = max(0, scroll + delta)
    return .redraw
  }

  mutating func clampPosition() {
    let c = walkthrough.trace.config
    position.page = min(max(0, position.page), pageCount - 1)
    position.layer = min(max(0, position.layer), c.nLayers - 1)
    position.head = min(max(0, position.head), c.nHeads - 1)
  }

  /// The page's lines at `width`, before scrolling (`revealed`: an animation frame).
  public func pageLines(width: Int, revealed: Int? = nil) -> [StyledLine] {
    walkthrough.document(
      page: position.page, at: position, revealed: revealed, inspector: inspector
    )
    .render(width: width)
  }

  /// The reveal counts of the animation of the current page: one frame per cell, or several
  /// cells per frame so that no animation has more than `maxFrames` frames. Empty: no animation.
  public func animationSteps(maxFrames: Int = 48) -> [Int] {
    let cells = walkthrough.animatedCellCount(page: position.page)
    guard cells > 1 else { return [] }
    let step = (cells + maxFrames - 1) / maxFrames
    return Array(stride(from: step, to: cells, by: step))
  }

  /// Keeps the scroll offset within the page as laid out at `width` × `height`, so that
  /// scrolling back up answers at once after scrolling past the end.
  public mutating func fit(width: Int, height: Int) {
    followInspectorCursor(width: width, height: height)
    let lines = showingHelp ? Self.helpLines.count : pageLines(width: width).count
    let panel = showingHelp ? 0 : inspectorPanel(width: width, height: height).count
    scroll = min(scroll, max(0, lines - max(1, height - 1 - panel)))
  }

  /// The whole screen: the visible part of the page and a status line at the bottom.
  public func frame(width: Int, height: Int, revealed: Int? = nil) -> [StyledLine] {
    let panel = showingHelp ? [] : inspectorPanel(width: width, height: height)
    let bodyHeight = max(1, height - 1 - panel.count)
    var body = showingHelp ? Self.helpLines : pageLines(width: width, revealed: revealed)
    let maxScroll = max(0, body.count - bodyHeight)
    let top = min(scroll, maxScroll)
    body = Array(body.dropFirst(top).prefix(bodyHeight))
    body += Array(repeating: StyledLine(), count: bodyHeight - body.count)
    let more = maxScroll > top ? "  ↓ more" : (top > 0 ? "  ↑ more" : "")
    return body.map { $0.cropped(to: width) } + panel + [statusLine(width: width, more: more)]
  }

  func statusLine(width: Int, more: String) -> StyledLine {
    let c = walkthrough.trace.config
    let typed = typedNumber.isEmpty ? "" : " · go to \(typedNumber)_"
    let place =
      " page \(position.page + 1)/\(pageCount) · layer \(position.layer)/\(c.nLayers - 1)"
      + " · head \(position.head)/\(c.nHeads - 1)\(typed)\(more)"
    let compact =
      " \(position.page + 1)/\(pageCount) L\(position.layer) H\(position.head)\(typed)"
      + (more.isEmpty ? "" : (more.contains("↓") ? " ↓" : " ↑")) + "  ? help  q quit"
    // The widest form that fits: every key, then only help and quit, then the short form.
    let forms = [
      place + "   ←/→ pages  [ ] heads  { } layers  ? help  q quit", place + "   ? help  q quit",
      compact,
    ]
    let text = forms.first { DisplayWidth.of($0) <= width } ?? compact
    let style = Style(reverse: true)
    return StyledLine(text, style: style).cropped(to: width).padded(to: width, style: style)
  }

  static let helpLines: [StyledLine] = [
    StyledLine("Keys", style: .bold), StyledLine(),
    StyledLine("  → space n      next page"), StyledLine("  ← p            previous page"),
    StyledLine("  g  G           first, last page"), StyledLine("  12 Enter       jump to page 12"),
    StyledLine("  [  ]           previous, next attention head"),
    StyledLine("  {  }           previous, next layer"),
    StyledLine("  ↑ ↓ PgUp PgDn  scroll a tall page"),
    StyledLine("  i  Esc         inspect a number, leave"),
    StyledLine("  ←↑↓→ Tab       inspecting: move, matrix"),
    StyledLine("  ?              this help"), StyledLine("  q Esc Ctrl-C   quit"), StyledLine(),
    StyledLine("Press any key to go back.", style: .dim),
  ]
}
