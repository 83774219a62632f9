import TerminalKit

extension WalkthroughViewer {
  /// A page's title with its placeholders filled.
  public func title(ofPage index: Int) -> String {
    var at = position
    at.page = index
    return Narration(trace: walkthrough.trace, position: at).fill(walkthrough.pages[index].title)
  }

  /// A key while the table of contents is shown.
  mutating func handleContents(_ key: Key, selected: Int) -> Action {
    switch key {
    case .up, .character("k"): contentsSelection = max(0, selected - 1)
    case .down, .character("j"): contentsSelection = min(pageCount - 1, selected + 1)
    case .home: contentsSelection = 0
    case .end, .character("G"): contentsSelection = pageCount - 1
    case .pageUp: contentsSelection = max(0, selected - 10)
    case .pageDown: contentsSelection = min(pageCount - 1, selected + 10)
    case .enter:
      contentsSelection = nil
      let action = go(toPage: selected)
      return action == .nothing ? .redraw : action
    case .control("c"): return .quit
    case .escape, .character("g"), .tab, .character("q"): contentsSelection = nil
    default: return .nothing
    }
    return .redraw
  }

  /// The table of contents, scrolled so that the selected line shows.
  func contentsLines(selected: Int, height: Int) -> [StyledLine] {
    let digits = String(pageCount).count
    var lines = [StyledLine("Contents", style: .bold)]
    let listHeight = max(1, height - 1)
    let top = min(max(0, selected - listHeight / 2), max(0, pageCount - listHeight))
    for index in top..<min(pageCount, top + listHeight) {
      let number = String(index + 1)
      let text =
        String(repeating: " ", count: digits - number.count) + "  \(number)  "
        + title(ofPage: index)
      let marker = index == position.page ? " ◂" : ""
      lines.append(
        StyledLine(text + marker, style: index == selected ? Style(reverse: true) : .plain))
    }
    return lines + Array(repeating: StyledLine(), count: max(0, height - lines.count))
  }

  /// A key while a search is typed.
  mutating func handleSearch(_ key: Key, text: String) -> Action {
    switch key {
    case .escape:
      input = .none
    case .control("c"): return .quit
    case .enter:
      input = .none
      guard !text.isEmpty else { return .redraw }
      searchTerm = text
      return findNext()
    case .backspace: input = .search(String(text.dropLast()))
    case .control("u"): input = .search("")
    case .character(let c): input = .search(text + String(c))
    default: return .nothing
    }
    return .redraw
  }

  /// Goes to the next page after this one (wrapping around) whose text contains the search.
  mutating func findNext() -> Action {
    guard let term = searchTerm?.lowercased() else { return .nothing }
    for offset in 1...pageCount {
      let index = (position.page + offset) % pageCount
      if pageText(index).lowercased().contains(term) {
        guard index != position.page else {
          message = "only this page contains “\(term)”"
          return .redraw
        }
        return go(toPage: index)
      }
    }
    message = "no page contains “\(term)”"
    return .redraw
  }

  /// A page's text as laid out at 100 columns (what a search looks in).
  func pageText(_ index: Int) -> String {
    var at = position
    at.page = index
    return walkthrough.document(page: index, at: at).render(width: 100).map(\.plainText)
      .joined(separator: "\n")
  }
}
