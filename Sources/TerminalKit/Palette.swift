/// A colour scale that maps numbers to colours.
///
/// A palette is a list of anchor colours spaced evenly along 0...1 and interpolated
/// linearly in sRGB. Diverging palettes are for signed values: the range is made
/// symmetric about 0, so 0 always gets the middle (near-white) colour. Sequential
/// palettes are for one-sided values such as probabilities.
public struct Palette: Hashable, Sendable {
  /// Whether the palette is centred at zero or runs from low to high.
  public enum Kind: Hashable, Sendable {
    /// Signed values; the range is symmetrised about 0.
    case diverging
    /// Values from a minimum to a maximum (e.g. probabilities in 0...1).
    case sequential
  }

  /// The kind of scale.
  public let kind: Kind
  /// Anchor colours, evenly spaced from the low end (first) to the high end (last).
  public let anchors: [RGB]
  /// A short name for legends and documentation.
  public let name: String

  /// Creates a palette; an empty anchor list is treated as a single mid-grey.
  public init(name: String, kind: Kind, anchors: [RGB]) {
    self.name = name
    self.kind = kind
    self.anchors = anchors.isEmpty ? [RGB(128, 128, 128)] : anchors
  }

  /// Blue (negative) through near-white (zero) to orange (positive).
  ///
  /// Colour-blind friendly: the two arms differ in hue along the blue-orange axis that
  /// deuteranopes and protanopes still see, and in luminance from the pale centre.
  /// Anchors are ColorBrewer RdBu blues, a neutral centre and PuOr oranges.
  public static let blueOrange = Palette(
    name: "blue-orange", kind: .diverging,
    anchors: [
      RGB(hex: 0x2166AC), RGB(hex: 0x67A9CF), RGB(hex: 0xD1E5F0), RGB(hex: 0xF7F7F7),
      RGB(hex: 0xFEE0B6), RGB(hex: 0xFDB863), RGB(hex: 0xE66101),
    ])

  /// Viridis (matplotlib's perceptually uniform, colour-blind friendly map), from its
  /// ten standard samples `viridis(10)`: dark purple at the low end, yellow at the high end.
  public static let viridis = Palette(
    name: "viridis", kind: .sequential,
    anchors: [
      RGB(hex: 0x440154), RGB(hex: 0x482878), RGB(hex: 0x3E4A89), RGB(hex: 0x31688E),
      RGB(hex: 0x26828E), RGB(hex: 0x1F9E89), RGB(hex: 0x35B779), RGB(hex: 0x6DCD59),
      RGB(hex: 0xB4DE2C), RGB(hex: 0xFDE725),
    ])

  /// The range actually used for colouring: symmetric about 0 for diverging palettes,
  /// unchanged for sequential ones.
  public func effectiveRange(for range: ClosedRange<Float>) -> ClosedRange<Float> {
    switch kind {
    case .sequential:
      return range
    case .diverging:
      let bound = Swift.max(Swift.abs(range.lowerBound), Swift.abs(range.upperBound))
      return -bound...bound
    }
  }

  /// The position 0...1 of `value` along the palette for `range` (clamped; NaN maps to 0.5).
  public func position(of value: Float, in range: ClosedRange<Float>) -> Double {
    let used = effectiveRange(for: range)
    let span = Double(used.upperBound) - Double(used.lowerBound)
    guard !value.isNaN else { return 0.5 }
    guard span > 0, span.isFinite else {
      if kind == .diverging { return value > 0 ? 1 : (value < 0 ? 0 : 0.5) }
      return 0.5
    }
    let t = (Double(value) - Double(used.lowerBound)) / span
    return Swift.min(1, Swift.max(0, t))
  }

  /// The colour of `value` on this palette for a data range.
  public func color(for value: Float, in range: ClosedRange<Float>) -> RGB {
    color(atPosition: position(of: value, in: range))
  }

  /// The colour at a position along the palette, `t` clamped to 0...1.
  public func color(atPosition t: Double) -> RGB {
    let clamped = Swift.min(1, Swift.max(0, t.isNaN ? 0.5 : t))
    guard anchors.count > 1 else { return anchors[0] }
    let scaled = clamped * Double(anchors.count - 1)
    let index = Swift.min(anchors.count - 2, Int(scaled))
    return anchors[index].interpolated(to: anchors[index + 1], fraction: scaled - Double(index))
  }
}
