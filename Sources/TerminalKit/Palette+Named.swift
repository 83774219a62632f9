/// The palettes a user can choose by name (`--palette NAME`), and the defaults.
///
/// None maps its two ends to red and green, the pair that red-green colour-blind readers
/// (about one man in twelve) cannot tell apart; the tests check it.
extension Palette {
  /// The default for signed values: `blueOrange`.
  public static let defaultDiverging = blueOrange
  /// The default for values in 0...1 such as probabilities: `viridis`.
  public static let defaultSequential = viridis

  /// Blue (negative) through near-white (zero) to red (positive): ColorBrewer RdBu, reversed.
  public static let redBlue = Palette(
    name: "red-blue", kind: .diverging,
    anchors: [
      RGB(hex: 0x2166AC), RGB(hex: 0x67A9CF), RGB(hex: 0xD1E5F0), RGB(hex: 0xF7F7F7),
      RGB(hex: 0xFDDBC7), RGB(hex: 0xEF8A62), RGB(hex: 0xB2182B),
    ])

  /// Purple (negative) through near-white (zero) to orange (positive): ColorBrewer PuOr,
  /// reversed; colour-blind safe.
  public static let purpleOrange = Palette(
    name: "purple-orange", kind: .diverging,
    anchors: [
      RGB(hex: 0x542788), RGB(hex: 0x998EC3), RGB(hex: 0xD8DAEB), RGB(hex: 0xF7F7F7),
      RGB(hex: 0xFEE0B6), RGB(hex: 0xF1A340), RGB(hex: 0xB35806),
    ])

  /// Magma (matplotlib), from its ten standard samples `magma(10)`: black through purple and
  /// red to pale yellow, luminance rising monotonically.
  public static let magma = Palette(
    name: "magma", kind: .sequential,
    anchors: [
      RGB(hex: 0x000004), RGB(hex: 0x180F3E), RGB(hex: 0x451077), RGB(hex: 0x721F81),
      RGB(hex: 0x9F2F7F), RGB(hex: 0xCD4071), RGB(hex: 0xF1605D), RGB(hex: 0xFD9567),
      RGB(hex: 0xFEC98D), RGB(hex: 0xFCFDBF),
    ])

  /// Dark grey to near-white: no hue at all, for printing in black and white.
  public static let grey = Palette(
    name: "grey", kind: .sequential, anchors: [RGB(hex: 0x1A1A1A), RGB(hex: 0xF0F0F0)])

  /// Every palette that can be chosen by name, the default first.
  public static let all: [Palette] = [blueOrange, viridis, redBlue, purpleOrange, magma, grey]

  /// The names of `all`, in order, for help text and error messages.
  public static var names: [String] { all.map(\.name) }

  /// The palette called `name` (case-insensitive), or `nil` when there is none.
  public static func named(_ name: String) -> Palette? {
    let wanted = name.lowercased()
    return all.first { $0.name == wanted }
  }
}
