/// How a run of text looks: colours and attributes.
public struct Style: Hashable, Sendable {
  /// Text colour.
  public var foreground: Color
  /// Cell background colour.
  public var background: Color
  /// Bold (increased intensity).
  public var bold: Bool
  /// Dim (decreased intensity).
  public var dim: Bool
  /// Italic.
  public var italic: Bool
  /// Underlined.
  public var underline: Bool
  /// Foreground and background swapped.
  public var reverse: Bool

  /// Creates a style; every attribute defaults to off and colours to the terminal default.
  public init(
    foreground: Color = .default, background: Color = .default, bold: Bool = false,
    dim: Bool = false, italic: Bool = false, underline: Bool = false, reverse: Bool = false
  ) {
    self.foreground = foreground
    self.background = background
    self.bold = bold
    self.dim = dim
    self.italic = italic
    self.underline = underline
    self.reverse = reverse
  }

  /// No colour and no attributes.
  public static let plain = Style()
  /// Bold only.
  public static let bold = Style(bold: true)
  /// Dim only.
  public static let dim = Style(dim: true)
  /// Italic only.
  public static let italic = Style(italic: true)

  /// Whether this style changes nothing about how text looks.
  public var isPlain: Bool { self == .plain }
}
