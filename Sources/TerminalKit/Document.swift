/// A titled page of blocks, the unit a walkthrough shows at one time.
public struct Document: Sendable {
  /// The page title, drawn bold above a rule.
  public var title: String
  /// The content, top to bottom.
  public var blocks: [Block]

  /// Creates a document.
  public init(title: String, blocks: [Block]) {
    self.title = title
    self.blocks = blocks
  }

  /// The document as one block: the bold title, a rule, then the blocks.
  public var block: Block {
    var parts: [Block] = []
    if !title.isEmpty {
      parts.append(.paragraph([Span(title, style: .bold)]))
      parts.append(.rule(nil))
    }
    parts.append(contentsOf: blocks)
    return .stack(parts)
  }

  /// The document laid out at `width` columns; no line is wider than `width`.
  public func render(width: Int) -> [StyledLine] {
    block.render(width: width)
  }
}
