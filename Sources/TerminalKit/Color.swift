/// A terminal colour: the terminal's own default, or an exact RGB value.
///
/// The RGB value is the semantic colour; `ANSIEncoder` downgrades it to the
/// terminal's `ColorLevel` only when encoding.
public enum Color: Hashable, Sendable {
  /// The terminal's default foreground or background.
  case `default`
  /// An exact 24-bit colour.
  case rgb(UInt8, UInt8, UInt8)

  /// Creates an exact colour from an `RGB` value.
  public init(_ rgb: RGB) {
    self = .rgb(rgb.red, rgb.green, rgb.blue)
  }

  /// The RGB value, or `nil` for `.default`.
  public var rgbValue: RGB? {
    switch self {
    case .default: return nil
    case .rgb(let r, let g, let b): return RGB(r, g, b)
    }
  }
}
