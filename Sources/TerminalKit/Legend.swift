/// The colour scale of a palette over a range, drawn as a few labelled steps: a block of
/// colour per step with the value it stands for printed beneath, so the numbers, not the
/// colours alone, carry the scale (it still reads in 16 colours or none).
///
///     █████ █████ █████ █████ █████ █████ █████
///     -0.92 -0.61 -0.31  0.00  0.31  0.61  0.92
public struct Legend: Sendable {
  /// One step of the scale: a value and the colour the palette gives it.
  public struct Step: Hashable, Sendable {
    /// The value the step stands for.
    public var value: Float
    /// The palette's colour for `value`.
    public var color: RGB
    /// `value` printed with the legend's decimals.
    public var label: String
  }

  /// The palette shown.
  public var palette: Palette
  /// The data range; a diverging palette shows it symmetrised about 0.
  public var range: ClosedRange<Float>
  /// Digits after the decimal point in the labels.
  public var decimals: Int
  /// A dim title drawn above the steps, e.g. `colour scale`.
  public var title: String?
  /// The preferred number of steps (at least 2), reduced to 5, 3 or 2 when they do not fit.
  public var stepCount: Int

  /// Creates a legend.
  public init(
    palette: Palette, range: ClosedRange<Float>, decimals: Int = 2, title: String? = nil,
    stepCount: Int = 7
  ) {
    self.palette = palette
    self.range = range
    self.decimals = max(0, min(9, decimals))
    self.title = title
    self.stepCount = max(2, stepCount)
  }

  /// The low, middle and high labels.
  public var labels: (low: String, middle: String, high: String) {
    let used = palette.effectiveRange(for: range)
    let middle =
      palette.kind == .diverging
      ? Float(0) : used.lowerBound + (used.upperBound - used.lowerBound) / 2
    return (
      NumberText.fixed(used.lowerBound, decimals: decimals),
      NumberText.fixed(middle, decimals: decimals),
      NumberText.fixed(used.upperBound, decimals: decimals)
    )
  }

  /// `count` evenly spaced steps from the low end to the high end of the effective range
  /// (for a diverging palette and an odd count, the middle step is exactly 0).
  public func steps(count: Int) -> [Step] {
    let count = max(2, count)
    let used = palette.effectiveRange(for: range)
    let span = used.upperBound - used.lowerBound
    return (0..<count).map { index in
      let fraction = Float(index) / Float(count - 1)
      var value = used.lowerBound + span * fraction
      if palette.kind == .diverging && 2 * index == count - 1 { value = 0 }
      return Step(
        value: value, color: palette.color(for: value, in: range),
        label: NumberText.fixed(value, decimals: decimals))
    }
  }

  /// The legend laid out at `width` columns: the most steps (of `stepCount`, 5, 3, 2) whose
  /// cells fit, each cell as wide as the widest label, one column apart.
  public func render(width: Int) -> [StyledLine] {
    let width = max(1, width)
    let candidates = [stepCount, 5, 3, 2].filter { $0 <= stepCount }
    var chosen = steps(count: candidates.last ?? 2)
    var cellWidth = 1
    for count in candidates {
      let steps = steps(count: count)
      let cell = max(1, steps.map { DisplayWidth.of($0.label) }.max() ?? 1)
      chosen = steps
      cellWidth = cell
      if count * (cell + 1) - 1 <= width { break }
    }
    var lines: [StyledLine] = []
    if let title, !title.isEmpty {
      lines += TextWrapper.wrap([Span(title, style: .dim)], width: width)
    }
    var swatches = StyledLine()
    var numbers = StyledLine()
    for (index, step) in chosen.enumerated() {
      if index > 0 {
        swatches.appendSpaces(1)
        numbers.appendSpaces(1)
      }
      let block = String(repeating: "█", count: cellWidth)
      swatches.append(block, style: Style(foreground: Color(step.color)))
      numbers.appendSpaces(cellWidth - DisplayWidth.of(step.label))
      numbers.append(step.label)
    }
    lines.append(swatches)
    lines.append(numbers)
    return lines.map { $0.cropped(to: width) }
  }
}
