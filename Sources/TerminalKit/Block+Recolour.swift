/// Drawing blocks with another palette scheme.
extension Block {
  /// The block with every heatmap and legend inside it drawn with `scheme`'s palette of the
  /// same kind; numbers, ranges and layout are unchanged.
  public func recoloured(with scheme: PaletteScheme) -> Block {
    switch self {
    case .heatmap(var heatmap):
      heatmap.palette = scheme.replacement(for: heatmap.palette)
      return .heatmap(heatmap)
    case .legend(var legend):
      legend.palette = scheme.replacement(for: legend.palette)
      return .legend(legend)
    case .stack(let blocks):
      return .stack(blocks.map { $0.recoloured(with: scheme) })
    case .row(let blocks, let gap, let alignment):
      return .row(blocks.map { $0.recoloured(with: scheme) }, gap: gap, alignment: alignment)
    case .indent(let block, let by):
      return .indent(block.recoloured(with: scheme), by: by)
    case .paragraph, .lines, .blank, .rule, .bars:
      return self
    }
  }
}

extension Document {
  /// The document with every heatmap and legend drawn with `scheme` (see `Block.recoloured`).
  public func recoloured(with scheme: PaletteScheme) -> Document {
    Document(title: title, blocks: blocks.map { $0.recoloured(with: scheme) })
  }
}
