import TerminalKit
import Testing
import TraceKit
import Walkthrough

/// Properties every rendered page must have, whatever the model, width and position.
@Suite struct LayoutTests {
  /// A problem found in one encoded line, or nil.
  static func styleProblem(in line: String) -> String? {
    var open = false
    var rest = Substring(line)
    while let escape = rest.firstIndex(of: "\u{1B}") {
      let sequence = rest[escape...]
      guard sequence.dropFirst().first == "[", let end = sequence.firstIndex(of: "m") else {
        return "an escape that is not a complete SGR sequence"
      }
      let parameters = sequence[sequence.index(escape, offsetBy: 2)..<end]
      guard parameters.allSatisfy({ $0.isNumber || $0 == ";" }) else {
        return "a non-SGR escape sequence"
      }
      open = parameters != "0" && !parameters.isEmpty
      rest = sequence[sequence.index(after: end)...]
    }
    return open ? "a style left open at the end of the line" : nil
  }

  /// `text` with every `ESC [ ... m` removed.
  static func stripped(_ text: String) -> String {
    var out = ""
    var inEscape = false
    for ch in text {
      if ch == "\u{1B}" {
        inEscape = true
      } else if inEscape {
        if ch == "m" { inEscape = false }
      } else {
        out.append(ch)
      }
    }
    return out
  }

  @Test func styleProblemDetectsUnclosedStyles() {
    #expect(Self.styleProblem(in: "plain") == nil)
    #expect(Self.styleProblem(in: "\u{1B}[0;1mbold\u{1B}[0m") == nil)
    #expect(Self.styleProblem(in: "\u{1B}[0;1mbold") != nil)
    #expect(Self.styleProblem(in: "\u{1B}[0;1mbold\u{1B}[0m\u{1B}[0;2mdim") != nil)
    #expect(Self.styleProblem(in: "\u{1B}[2Jclear") != nil)
    #expect(Self.stripped("a\u{1B}[0;38;2;1;2;3mb\u{1B}[0mc") == "abc")
  }

  static let widths = [20, 40, 57, 80, 123, 160]
  static let positions = [WalkthroughPosition(), WalkthroughPosition(layer: 1, head: 1)]

  @Test(arguments: Fixtures.traces.map(\.name))
  func everyLineClosesItsStylesAndFitsTheWidth(_ model: String) throws {
    let trace = try #require(Fixtures.traces.first { $0.name == model }).trace
    let walkthrough = try Fixtures.walkthrough(trace)
    let colour = ANSIEncoder(level: .trueColor)
    let plain = ANSIEncoder(level: .none)
    for width in Self.widths {
      for position in Self.positions {
        for (page, lines) in renderedPages(walkthrough, width: width, position: position) {
          let where_ = "\(model) page \(page + 1) width \(width) layer \(position.layer)"
          #expect(!lines.isEmpty, "\(where_) is empty")
          for (n, line) in lines.enumerated() {
            let encoded = colour.encode(line)
            if let problem = Self.styleProblem(in: encoded) {
              Issue.record("\(where_) line \(n + 1): \(problem)")
            }
            let visible = Self.stripped(encoded)
            #expect(visible == plain.encode(line), "\(where_) line \(n + 1): colour changes text")
            let shown = DisplayWidth.of(visible)
            if shown > width {
              Issue.record("\(where_) line \(n + 1) is \(shown) columns wide: \(visible)")
            }
          }
        }
      }
    }
  }
}
