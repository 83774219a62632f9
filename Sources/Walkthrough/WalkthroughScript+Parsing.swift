extension WalkthroughScript {
  /// Parses the text format of `Docs/walkthrough-format.md`.
  ///
  /// Throws `ScriptError` naming the line for anything it does not understand.
  public init(parsing text: String) throws {
    var title = "Walkthrough"
    var pages: [PageSpec] = []
    var current: PageSpec?
    var paragraph: [String] = []
    var inHeader = true

    func endParagraph() {
      if !paragraph.isEmpty { current?.narration.append(paragraph.joined(separator: " ")) }
      paragraph = []
    }
    func endPage() {
      endParagraph()
      if let page = current { pages.append(page) }
      current = nil
    }

    for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false)
      .enumerated()
    {
      let number = index + 1
      let line = rawLine.trimmingCharacters(in: " \t\r")
      if line.hasPrefix("#") { continue }
      if line.hasPrefix("---") {
        endPage()
        inHeader = false
        let name = line.drop { $0 == "-" }.trimmingCharacters(in: " \t")
        current = PageSpec(title: name, view: .text, line: number)
        continue
      }
      if inHeader {
        if line.isEmpty { continue }
        guard let (key, value) = field(line), key == "title" else {
          throw ScriptError(
            line: number, message: "expected 'title: ...' or a page starting with '---'")
        }
        title = value
        continue
      }
      if line.isEmpty {
        endParagraph()
        continue
      }
      // Fields come first on a page, before any prose.
      if paragraph.isEmpty && (current?.narration.isEmpty ?? false), let (key, value) = field(line),
        ["title", "view", "show", "when"].contains(key)
      {
        try apply(key: key, value: value, to: &current, line: number)
        continue
      }
      paragraph.append(line)
    }
    endPage()
    guard !pages.isEmpty else {
      throw ScriptError(line: 1, message: "the script has no pages (start one with '---')")
    }
    self.init(title: title, pages: pages)
  }
}

/// Splits `key: value` when the key is a single lower-case word.
private func field(_ line: String) -> (String, String)? {
  guard let colon = line.firstIndex(of: ":") else { return nil }
  let key = line[..<colon]
  guard !key.isEmpty, key.allSatisfy({ $0.isLetter && $0.isLowercase }) else { return nil }
  return (String(key), line[line.index(after: colon)...].trimmingCharacters(in: " \t"))
}

private func apply(key: String, value: String, to page: inout PageSpec?, line: Int) throws {
  switch key {
  case "title": page?.title = value
  case "view":
    guard let view = PageView(rawValue: value) else {
      let known = PageView.allCases.map(\.rawValue).joined(separator: ", ")
      throw ScriptError(line: line, message: "unknown view '\(value)' (views: \(known))")
    }
    page?.view = view
  case "show": page?.show = value.split(whereSeparator: { $0 == " " || $0 == "," }).map(String.init)
  case "when":
    page?.conditions = try value.split(whereSeparator: { $0 == " " || $0 == "," }).map { word in
      guard let condition = PageCondition(rawValue: String(word)) else {
        let known = PageCondition.allCases.map(\.rawValue).joined(separator: ", ")
        throw ScriptError(line: line, message: "unknown condition '\(word)' (conditions: \(known))")
      }
      return condition
    }
  default: break
  }
}

extension String {
  fileprivate func trimmingCharacters(in set: String) -> String {
    var s = Substring(self)
    while let f = s.first, set.contains(f) { s = s.dropFirst() }
    while let l = s.last, set.contains(l) { s = s.dropLast() }
    return String(s)
  }
}

extension Substring {
  fileprivate func trimmingCharacters(in set: String) -> String {
    String(self).trimmingCharacters(in: set)
  }
}

/// A problem in a walkthrough script or in matching it to a trace; one line.
public struct ScriptError: Error, Equatable, CustomStringConvertible {
  /// The script line, or 0 when the problem is not tied to one.
  public var line: Int
  public var message: String

  public init(line: Int, message: String) {
    self.line = line
    self.message = message
  }

  public var description: String {
    line > 0 ? "walkthrough script line \(line): \(message)" : message
  }
}
