/// A drawable piece of a document; `render(width:)` lays it out at a terminal width.
///
/// Blocks nest: `stack` puts blocks one under another, `row` puts them side by side
/// when they fit (an equation such as `x · W_Q = Q` is a row of heatmaps and operator
/// glyphs) and stacks them otherwise, `indent` shifts a block right.
public indirect enum Block: Sendable {
  /// Styled text, word-wrapped to the width.
  case paragraph([Span])
  /// Preformatted lines, cropped (never wrapped) to the width.
  case lines([StyledLine])
  /// One empty line.
  case blank
  /// A horizontal rule across the width, with an optional title near the left.
  case rule(String?)
  /// Blocks one under another.
  case stack([Block])
  /// Blocks side by side, `gap` columns apart, vertically aligned by `alignment`, when
  /// they all fit in the width; otherwise stacked one under another.
  case row([Block], gap: Int = 2, alignment: RowAlignment = .center)
  /// A labelled grid of numbers coloured by a palette.
  case heatmap(Heatmap)
  /// Horizontal bars for values in 0...1.
  case bars(BarChart)
  /// The colour scale of a palette over a range.
  case legend(Legend)
  /// A block shifted right by `by` columns.
  case indent(Block, by: Int)

  /// A paragraph of one span of `text` in `style`.
  public static func text(_ text: String, style: Style = .plain) -> Block {
    .paragraph([Span(text, style: style)])
  }

  /// One preformatted line of `text` in `style` (e.g. an operator glyph such as `·` or `=`).
  public static func glyph(_ text: String, style: Style = .plain) -> Block {
    .lines([StyledLine(text, style: style)])
  }
}

/// Vertical placement of the parts of a `Block.row` of different heights.
public enum RowAlignment: Sendable {
  /// Tops lined up.
  case top
  /// Middles lined up (operators sit between the middles of matrices).
  case center
  /// Bottoms lined up.
  case bottom
}
