/// The two palettes pages are drawn with: a diverging one for signed values and a
/// sequential one for one-sided values such as probabilities.
///
/// Choosing a palette replaces the one of its kind only, so every heatmap keeps its colour
/// range and its legend stays true (a diverging range is symmetric about 0, a sequential
/// one runs from the minimum to the maximum).
public struct PaletteScheme: Hashable, Sendable {
  /// The palette for signed values.
  public var diverging: Palette
  /// The palette for one-sided values.
  public var sequential: Palette

  /// Creates a scheme.
  public init(diverging: Palette = .defaultDiverging, sequential: Palette = .defaultSequential) {
    self.diverging = diverging
    self.sequential = sequential
  }

  /// `blue-orange` for signed values, `viridis` for one-sided ones.
  public static let standard = PaletteScheme()

  /// The standard scheme with each of `palettes` replacing the one of its kind (the last
  /// of a kind wins).
  public init(choosing palettes: [Palette]) {
    self.init()
    for palette in palettes {
      switch palette.kind {
      case .diverging: diverging = palette
      case .sequential: sequential = palette
      }
    }
  }

  /// The palette to draw with where `palette` was asked for: this scheme's palette of the
  /// same kind.
  public func replacement(for palette: Palette) -> Palette {
    palette.kind == .diverging ? diverging : sequential
  }
}
