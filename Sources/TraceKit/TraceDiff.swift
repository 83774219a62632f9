import TinyGPT

/// How two traces differ, activation by activation (`tracer diff`).
///
/// Passes are compared by index. Within a pass, every activation present in both traces with
/// the same name and shape is compared, in the first trace's execution order; the others are
/// listed as skipped.
public struct TraceDiff: Sendable {
  /// One compared activation: its largest absolute and relative differences and where they are.
  public struct Entry: Sendable {
    public var pass: Int
    public var name: String
    public var shape: [Int]
    public var maxAbsolute: Float
    /// The multi-index of the largest absolute difference.
    public var absoluteIndex: [Int]
    /// `|a − b| / max(|a|, |b|)`, 0 where both are 0.
    public var maxRelative: Float
    public var relativeIndex: [Int]
    public var differs: Bool { maxAbsolute > 0 }
  }

  /// An activation that could not be compared, and why.
  public struct Skipped: Sendable {
    public var pass: Int
    public var name: String
    public var reason: String
  }

  public var entries: [Entry] = []
  public var skipped: [Skipped] = []
  /// Passes present in one trace only.
  public var unmatchedPasses: Int = 0

  /// The first compared activation (in execution order) whose values differ.
  public var firstDifference: Entry? { entries.first(where: \.differs) }
  /// Whether everything compared is bit-for-bit equal and nothing was skipped.
  public var identical: Bool { firstDifference == nil && skipped.isEmpty && unmatchedPasses == 0 }

  /// Compares `a` with `b`.
  public init(_ a: Trace, _ b: Trace) {
    unmatchedPasses = abs(a.passes.count - b.passes.count)
    for (p, (passA, passB)) in zip(a.passes, b.passes).enumerated() {
      var byName: [String: Activation] = [:]
      for activation in passB.activations { byName[activation.name] = activation }
      for x in passA.activations {
        guard let y = byName.removeValue(forKey: x.name) else {
          skipped.append(Skipped(pass: p, name: x.name, reason: "only in the first trace"))
          continue
        }
        guard x.shape == y.shape, x.data.count == y.data.count else {
          skipped.append(
            Skipped(pass: p, name: x.name, reason: "shape \(x.shape) vs \(y.shape)"))
          continue
        }
        entries.append(Self.compare(x, y, pass: p))
      }
      for y in passB.activations where byName[y.name] != nil {
        skipped.append(Skipped(pass: p, name: y.name, reason: "only in the second trace"))
      }
    }
  }

  /// The largest differences between two activations of the same shape.
  static func compare(_ x: Activation, _ y: Activation, pass: Int) -> Entry {
    var (maxAbs, absAt, maxRel, relAt): (Float, Int, Float, Int) = (0, 0, 0, 0)
    for i in x.data.indices {
      let (u, v) = (x.data[i], y.data[i])
      if u == v { continue }  // equal, including both -infinity (masked)
      let difference = (u - v).magnitude  // +infinity when only one is masked
      let relative = difference.isInfinite ? .infinity : difference / max(u.magnitude, v.magnitude)
      if difference > maxAbs { (maxAbs, absAt) = (difference, i) }
      if relative > maxRel { (maxRel, relAt) = (relative, i) }
    }
    return Entry(
      pass: pass, name: x.name, shape: x.shape, maxAbsolute: maxAbs,
      absoluteIndex: multiIndex(absAt, shape: x.shape), maxRelative: maxRel,
      relativeIndex: multiIndex(relAt, shape: x.shape))
  }

  /// The row-major multi-index of flat index `i` in `shape`.
  static func multiIndex(_ i: Int, shape: [Int]) -> [Int] {
    var rest = i
    var index = [Int](repeating: 0, count: shape.count)
    for axis in shape.indices.reversed() where shape[axis] > 0 {
      index[axis] = rest % shape[axis]
      rest /= shape[axis]
    }
    return index
  }
}
