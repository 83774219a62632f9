import TerminalKit

extension Document {
  /// The document without its colour-scale legends, for output without colour: a legend's
  /// blocks of colour would all print as blanks, and its numbers would then map to nothing.
  public func withoutLegends() -> Document {
    Document(title: title, blocks: blocks.compactMap { $0.withoutLegends() })
  }
}

extension Block {
  /// The block with every legend inside it removed; nil when the block is a legend.
  func withoutLegends() -> Block? {
    switch self {
    case .legend:
      return nil
    case .stack(let blocks):
      return .stack(blocks.compactMap { $0.withoutLegends() })
    case .row(let blocks, let gap, let alignment):
      return .row(blocks.compactMap { $0.withoutLegends() }, gap: gap, alignment: alignment)
    case .indent(let block, let by):
      return block.withoutLegends().map { .indent($0, by: by) }
    case .paragraph, .lines, .blank, .rule, .heatmap, .bars:
      return self
    }
  }
}
