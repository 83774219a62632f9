import TerminalKit
import TinyGPT

/// The interactive walkthrough as a pure state machine: keys in, frames out.
///
/// The terminal loop (in `tracer`) feeds it keys and draws its frames; tests drive it directly.
/// The viewer never runs the model: the lab's keys answer `.rerun(settings)`, the loop has the
/// command layer record a new trace and hands it back with `replace(walkthrough:)`.
public struct WalkthroughViewer: Sendable {
  public private(set) var walkthrough: Walkthrough
  public private(set) var position: WalkthroughPosition
  /// Whether the lab's keys may re-run the model (false for a replayed trace).
  public let labAvailable: Bool
  /// The first page line shown, for pages taller than the screen.
  public internal(set) var scroll = 0
  public internal(set) var showingHelp = false
  /// The page's scroll offset while help is shown (help scrolls on its own).
  var pageScroll = 0
  /// What the status line is collecting, if anything.
  public internal(set) var input = Input.none
  /// The selected line of the table of contents while it is shown.
  public internal(set) var contentsSelection: Int?
  /// The text of the active search (`n` finds the next page containing it).
  public internal(set) var searchTerm: String?
  /// A one-off note in the status line (cleared by the next key).
  public internal(set) var message: String?

  /// Text the status line is collecting.
  public enum Input: Equatable, Sendable {
    case none
    /// Digits for a jump (`12` then Enter goes to page 12).
    case number(String)
    /// A new prompt being edited; `cursor` counts characters; `error` from the tokenizer.
    case prompt(text: String, cursor: Int, error: String?)
    /// A search being typed.
    case search(String)
  }
  /// The inspector's cursor while it is open (`i`); see WalkthroughViewer+Inspector.swift.
  public internal(set) var inspector: Inspector?
  /// Autoplay (`--autoplay`): nil without it; `paused` while space has paused it.
  public var autoplay: Autoplay?

  /// The state of autoplay.
  public struct Autoplay: Equatable, Sendable {
    public var paused = false
    public init() {}
  }
  /// Whether compare mode is on (`c`): every heatmap drawn as its difference from the
  /// walkthrough's baseline run. It stays on across re-runs.
  public internal(set) var comparing = false
  /// The quiz's answers and score (`--quiz`); nil without a quiz.
  public internal(set) var quiz: QuizState?

  /// What the loop should do after a key.
  public enum Action: Equatable, Sendable {
    case redraw
    /// Redraw, and the page changed (an animation may play).
    case pageChanged
    /// Record a new trace with these settings and hand it back with `replace(walkthrough:)`.
    case rerun(LabSettings)
    /// Restore the terminal, stop the process (SIGTSTP) and redraw when it continues.
    case suspend
    case quit
    case nothing
  }

  public init(
    walkthrough: Walkthrough, position: WalkthroughPosition = WalkthroughPosition(),
    labAvailable: Bool = false, quiz: Bool = false
  ) {
    self.walkthrough = walkthrough
    self.position = position
    self.labAvailable = labAvailable
    self.quiz = quiz ? QuizState() : nil
    clampPosition()
  }

  var pageCount: Int { walkthrough.pages.count }

  /// Digits typed so far for a jump.
  public var typedNumber: String {
    if case .number(let digits) = input { return digits }
    return ""
  }

  /// The settings the current trace was recorded with.
  public var labSettings: LabSettings { LabSettings(trace: walkthrough.trace) }

  /// Shows a new walkthrough (a re-run), keeping the page, layer and head.
  public mutating func replace(walkthrough: Walkthrough) {
    var next = walkthrough
    next.palettes = self.walkthrough.palettes
    self.walkthrough = next
    input = .none
    // A new trace asks its questions anew; the score stays.
    quiz?.answered = [:]
    clampPosition()
  }

  /// Tells the reader that a re-run failed (one line in the status line).
  public mutating func rerunFailed(_ reason: String) {
    if case .prompt(let text, let cursor, _) = input {
      input = .prompt(text: text, cursor: cursor, error: reason)
    } else {
      message = reason
    }
  }

  /// Applies one key.
  public mutating func handle(_ key: Key) -> Action {
    if showingHelp {
      switch command(for: key) {
      case .quit where key != .escape: return .quit
      case .scrollDown: return scrollBy(1)
      case .scrollUp: return scrollBy(-1)
      case .pageDown: return scrollBy(10)
      case .pageUp: return scrollBy(-10)
      default:
        showingHelp = false
        scroll = pageScroll
        return .redraw
      }
    }
    if let selected = contentsSelection { return handleContents(key, selected: selected) }
    switch input {
    case .none: break
    case .number(let digits): return handleNumber(key, digits: digits)
    case .prompt(let text, let cursor, _): return handlePrompt(key, text: text, cursor: cursor)
    case .search(let text): return handleSearch(key, text: text)
    }
    if autoplay != nil && key == .character(" ") {
      autoplay?.paused.toggle()
      return .redraw
    }
    let hadMessage = message != nil
    message = nil
    if let action = handleQuiz(key) { return action }
    if let action = handleInspecting(key) { return action }
    if key == .escape && searchTerm != nil {
      searchTerm = nil
      return .redraw
    }
    guard let command = command(for: key) else { return hadMessage ? .redraw : .nothing }
    let action = perform(command, key: key)
    return action == .nothing && hadMessage ? .redraw : action
  }

  /// The command bound to `key` (see `KeyBinding.table`).
  func command(for key: Key) -> KeyBinding.Command? {
    let matches = KeyBinding.table.filter { $0.keys.contains(key) }.map(\.command)
    if searchTerm != nil && matches.contains(.nextMatch) { return .nextMatch }
    return matches.first { $0 != .nextMatch }
  }

  mutating func perform(_ command: KeyBinding.Command, key: Key) -> Action {
    switch command {
    case .nextPage: return go(toPage: position.page + 1)
    case .previousPage: return go(toPage: position.page - 1)
    case .firstPage: return go(toPage: 0)
    case .lastPage: return go(toPage: pageCount - 1)
    case .jump:
      guard case .character(let digit) = key else { return .nothing }
      input = .number(String(digit))
      return .redraw
    case .contents:
      contentsSelection = position.page
      return .redraw
    case .search:
      input = .search("")
      return .redraw
    case .nextMatch: return findNext()
    case .nextHead: return move(head: 1)
    case .previousHead: return move(head: -1)
    case .nextLayer: return move(layer: 1)
    case .previousLayer: return move(layer: -1)
    case .scrollDown: return scrollBy(1)
    case .scrollUp: return scrollBy(-1)
    case .pageDown: return scrollBy(10)
    case .pageUp: return scrollBy(-10)
    case .inspect: return startInspecting()
    case .compare:
      comparing.toggle()
      message = comparing ? "compare mode: differences from \(walkthrough.baselineName)" : nil
      return .redraw
    case .help:
      showingHelp = true
      pageScroll = scroll
      scroll = 0
      return .redraw
    case .suspend: return .suspend
    case .quit: return .quit
    case .editPrompt, .ablateHead, .ablateMLP, .temperatureDown, .temperatureUp, .topKDown,
      .topKUp, .topPDown, .topPUp, .newSeed:
      return lab(command)
    }
  }

  mutating func handleNumber(_ key: Key, digits: String) -> Action {
    switch key {
    case .character(let c) where c.isASCII && c.isNumber:
      input = .number(digits + String(c))
      return .redraw
    case .enter:
      input = .none
      let action = go(toPage: (Int(digits.prefix(9)) ?? 1) - 1)
      return action == .nothing ? .redraw : action
    case .backspace:
      input = digits.count > 1 ? .number(String(digits.dropLast())) : .none
      return .redraw
    case .escape:
      input = .none
      return .redraw
    default:
      // Another key cancels the number and does what it always does.
      input = .none
      let action = handle(key)
      return action == .nothing ? .redraw : action
    }
  }

  /// One autoplay tick on a `width` × `height` screen: a page taller than the screen is scrolled
  /// a screenful further, then the next page opens. `.nothing` while paused; nil once the end
  /// of the last page is shown.
  public mutating func autoplayStep(width: Int, height: Int) -> Action? {
    guard autoplay?.paused != true else { return .nothing }
    let body = max(1, height - 1 - inspectorPanel(width: width, height: height).count)
    let lines = showingHelp ? Self.helpLines.count : pageLines(width: width).count
    if scroll + body < lines {
      return scrollBy(max(1, body - 2))  // two lines of the last screen stay for context
    }
    return advance() ? .pageChanged : nil
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
    position.pass = min(max(0, position.pass), max(0, walkthrough.trace.passes.count - 1))
  }

  /// The narrowest width pages are laid out at; narrower screens show their left part.
  static let minimumPageWidth = 20

  /// The page's lines at `width`, before scrolling (`revealed`: an animation frame).
  public func pageLines(width: Int, revealed: Int? = nil) -> [StyledLine] {
    let width = max(Self.minimumPageWidth, width)
    let quizLines = quizLines(width: width) ?? []
    if pendingQuestion != nil { return quizLines }
    return quizLines
      + walkthrough.document(
        page: position.page, at: position, revealed: revealed, inspector: inspector,
        comparing: comparing
      )
      .render(width: max(Self.minimumPageWidth, width))
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
    if let selected = contentsSelection {
      let body = contentsLines(selected: selected, height: max(1, height - 1))
      return body.map { $0.cropped(to: width) } + [statusLine(width: width, more: "")]
    }
    var body = showingHelp ? Self.helpLines : pageLines(width: width, revealed: revealed)
    let maxScroll = max(0, body.count - bodyHeight)
    let top = min(scroll, maxScroll)
    body = Array(body.dropFirst(top).prefix(bodyHeight))
    body += Array(repeating: StyledLine(), count: bodyHeight - body.count)
    let more = maxScroll > top ? "↓ more" : (top > 0 ? "↑ more" : "")
    return body.map { $0.cropped(to: width) } + panel + [statusLine(width: width, more: more)]
  }

  /// The help screen, generated from `KeyBinding.table`.
  static let helpLines: [StyledLine] = {
    let column = KeyBinding.table.map { DisplayWidth.of($0.keyText) }.max() ?? 0
    let rows = KeyBinding.table.map { binding in
      let pad = String(repeating: " ", count: column - DisplayWidth.of(binding.keyText))
      return StyledLine("  " + binding.keyText + pad + "  " + binding.help)
    }
    return [StyledLine("Keys (↑ ↓ scroll this list; any other key goes back)", style: .bold)] + rows
  }()
}
