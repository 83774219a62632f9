/// Hooks that apply interventions, then hand the changed value to `inner` (a recorder, or
/// nothing): an ablated run traced is `Intervening(…, inner: TraceRecorder())`.
public struct Intervening<Inner: Hooks>: Hooks {
  public let interventions: [Intervention]
  /// The source values of the patches, by target (for a head: its layer's whole `hook_z`).
  public let patchValues: [PatchTarget: Tensor]
  public var inner: Inner
  /// The unmasked scores of the current layer, kept for `noMask`.
  private var unmaskedScores: Tensor?
  private let points: Set<ActivationName>
  private let noMask: Bool

  /// `patchValues` must hold a value of the right shape for every patch (checked by the caller
  /// against the run, see `PatchSource`).
  public init(
    _ interventions: [Intervention], patchValues: [PatchTarget: Tensor] = [:], inner: Inner
  ) {
    self.interventions = interventions
    self.patchValues = patchValues
    self.inner = inner
    noMask = interventions.contains(.noMask)
    points = Set(interventions.compactMap(\.point))
  }

  public func wants(_ name: ActivationName) -> Bool {
    inner.wants(name) || points.contains(name)
      || (noMask && (name.point == .attnScoresUnmasked || name.point == .attnScores))
  }

  public func replaces(_ name: ActivationName) -> Bool {
    points.contains(name) || inner.replaces(name)
  }

  public mutating func visit(_ name: ActivationName, _ value: Tensor) -> Tensor {
    var value = value
    if noMask && name.point == .attnScoresUnmasked { unmaskedScores = value }
    if noMask && name.point == .attnScores, let unmasked = unmaskedScores { value = unmasked }
    if points.contains(name) {
      for intervention in interventions where intervention.point == name {
        value = apply(intervention, to: value)
      }
    }
    return inner.wants(name) ? inner.visit(name, value) : value
  }

  /// The value after one intervention at its hook point.
  func apply(_ intervention: Intervention, to value: Tensor) -> Tensor {
    switch intervention {
    case .ablateHead(_, let head): return value.replacingHead(head, with: nil)
    case .ablateAttention, .ablateMLP, .ablatePositions:
      return Tensor(shape: value.shape, repeating: 0)
    case .noMask: return value
    case .patch(let target, _):
      guard let source = patchValues[target] else { return value }
      switch target {
      case .activation: return source
      case .head(_, let head): return value.replacingHead(head, with: source)
      }
    }
  }
}

extension Intervention {
  /// The hook point the intervention changes (`noMask` is handled on its own).
  var point: ActivationName? {
    switch self {
    case .ablateHead(let layer, _): ActivationName(.z, layer: layer)
    case .ablateAttention(let layer): ActivationName(.attnOut, layer: layer)
    case .ablateMLP(let layer): ActivationName(.mlpOut, layer: layer)
    case .ablatePositions: ActivationName(.posEmbed)
    case .noMask: nil
    case .patch(let target, _):
      switch target {
      case .activation(let name): name
      case .head(let layer, _): ActivationName(.z, layer: layer)
      }
    }
  }
}

extension Tensor {
  /// A `[pos, head, d_head]` value with head `head` replaced by the same head of `source`,
  /// or by zeros when `source` is nil.
  func replacingHead(_ head: Int, with source: Tensor?) -> Tensor {
    guard shape.count == 3 else { return self }
    let (pos, heads, width) = (shape[0], shape[1], shape[2])
    var out = self
    for p in 0..<pos {
      let start = (p * heads + head) * width
      for j in start..<(start + width) { out.data[j] = source?.data[j] ?? 0 }
    }
    return out
  }
}
