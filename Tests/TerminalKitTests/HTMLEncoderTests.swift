import Testing

@testable import TerminalKit

/// The HTML encoder: escaping, colours, one self-contained file of pages in order.
@Suite struct HTMLEncoderTests {
  /// A second page with characters HTML treats specially, in text and in the title.
  static func trickyPage() -> Document {
    Document(
      title: "Tags <b> & \"quotes\" 'too'",
      blocks: [
        .paragraph([
          Span("if a < b && c > d then "), Span("<script>", style: .bold),
          Span(" stays text; 日本 is wide"),
        ]),
        .lines([StyledLine("x", style: Style(reverse: true))]),
      ])
  }

  static func pages(width: Int) throws -> [HTMLPage] {
    [
      HTMLPage(try SnapshotRenderTests.page(), width: width),
      HTMLPage(trickyPage(), width: width),
    ]
  }

  @Test func fileMatchesSnapshot() throws {
    let html = HTMLEncoder().file(title: "Rendering <test>", pages: try Self.pages(width: 60))
    Snapshot.assert(html, named: "html-pages-60")
  }

  @Test func escapesEverySpecialCharacter() {
    #expect(HTMLEncoder.escaped("a<b>&\"c'") == "a&lt;b&gt;&amp;&quot;c&#39;")
    #expect(HTMLEncoder.escaped("日本 · █") == "日本 · █")
    let line = StyledLine([Span("<i>"), Span("&", style: .bold)])
    #expect(HTMLEncoder().encode(line) == "&lt;i&gt;<span style=\"font-weight:bold\">&amp;</span>")
  }

  @Test func coloursAreTheExactPaletteColours() {
    let style = Style(foreground: .rgb(255, 255, 255), background: .rgb(0x21, 0x66, 0xAC))
    let line = StyledLine([Span(" 0.91", style: style)])
    #expect(
      HTMLEncoder().encode(line)
        == "<span style=\"color:#ffffff;background:#2166ac\"> 0.91</span>")
    let reversed = HTMLEncoder().css(for: Style(foreground: .rgb(1, 2, 3), reverse: true))
    #expect(reversed == "color:var(--bg);background:#010203")
    #expect(
      HTMLEncoder().css(for: Style(dim: true, italic: true, underline: true))
        == "opacity:0.6;font-style:italic;text-decoration:underline")
    #expect(HTMLEncoder().css(for: .plain) == "")
  }

  /// Taking the tags out of each `<pre>` and decoding the references gives back exactly the
  /// plain text of the page, so nothing is lost, reordered or left unescaped.
  @Test func everyPageIsThereInOrderWithItsText() throws {
    let pages = try Self.pages(width: 60)
    let html = HTMLEncoder().file(title: "t", pages: pages)
    let bodies = Self.contents(of: "pre", in: html)
    #expect(bodies.count == pages.count)
    for (body, page) in zip(bodies, pages) {
      #expect(
        Self.unescaped(Self.withoutTags(body))
          == page.lines.map(\.plainText).joined(separator: "\n"))
    }
    for number in 1...pages.count {
      #expect(html.contains("<li><a href=\"#page-\(number)\">"))
      #expect(html.contains("id=\"page-\(number)\""))
    }
    #expect(
      html.contains(
        "<li><a href=\"#page-2\">Tags &lt;b&gt; &amp; &quot;quotes&quot; &#39;too&#39;</a></li>"))
    #expect(!html.contains("<b>"))
    #expect(!html.contains("<script> stays"))
  }

  @Test func fileIsSelfContainedAndPrintable() throws {
    let html = HTMLEncoder().file(title: "t", pages: try Self.pages(width: 60))
    for forbidden in ["http:", "https:", "//cdn", "<link", "@import", "src=", "url("] {
      #expect(!html.contains(forbidden), "\(forbidden)")
    }
    #expect(html.hasPrefix("<!DOCTYPE html>\n<html lang=\"en\">"))
    #expect(html.contains("<meta charset=\"utf-8\">"))
    #expect(html.contains("print-color-adjust: exact"))
    #expect(html.contains("break-before: page"))
    #expect(html.hasSuffix("</html>\n"))
    // The script is one block at the end; everything to read comes before it.
    #expect(Self.contents(of: "script", in: html).count == 1)
    let beforeScript = html.components(separatedBy: "<script>")[0]
    #expect(Self.contents(of: "pre", in: beforeScript).count == 2)
  }

  @Test func noPagesStillGivesAValidFile() {
    let html = HTMLEncoder().file(title: "", pages: [])
    #expect(html.contains("<ol>\n</ol>"))
    #expect(html.hasSuffix("</html>\n"))
  }

  // MARK: - Helpers written for the tests

  static func contents(of tag: String, in html: String) -> [String] {
    let parts = html.components(separatedBy: "<\(tag)>").dropFirst()
    return parts.map { $0.components(separatedBy: "</\(tag)>")[0] }
  }

  static func withoutTags(_ text: String) -> String {
    var output = ""
    var inTag = false
    for character in text {
      if character == "<" {
        inTag = true
      } else if character == ">" && inTag {
        inTag = false
      } else if !inTag {
        output.append(character)
      }
    }
    return output
  }

  static func unescaped(_ text: String) -> String {
    text.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
      .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
      .replacingOccurrences(of: "&amp;", with: "&")
  }
}
