/// One page of an HTML file: a title for the page index and the page's rendered lines.
public struct HTMLPage: Hashable, Sendable {
  /// The title listed in the page index (control characters removed).
  public var title: String
  /// The page as laid out for a terminal, drawn in one `<pre>`.
  public var lines: [StyledLine]

  /// Creates a page from lines already rendered.
  public init(title: String, lines: [StyledLine]) {
    self.title = Span.sanitized(title)
    self.lines = lines
  }

  /// A document rendered at `width` columns, titled with the document's title.
  public init(_ document: Document, width: Int) {
    self.init(title: document.title, lines: document.render(width: width))
  }
}
