import TinyGPT

/// Hooks that keep only the intermediate values the backward pass reads, changing nothing.
///
/// Values it does not want (`attn.hook_result`, `hook_probs`) are never computed.
public struct BackwardRecorder: Hooks {
  /// The kept values as matrices (`[pos, head, d_head]` values read as `[pos, d_model]`,
  /// the pattern as `[head * query_pos, key_pos]`).
  public private(set) var values: [ActivationName: Matrix] = [:]

  public init() {}

  /// The hook points backward needs.
  static let needed: Set<HookPoint> = [
    .residPre, .ln1Scale, .ln1Normalized, .ln1Out, .q, .k, .v, .pattern, .z, .residMid,
    .ln2Scale, .ln2Normalized, .ln2Out, .mlpPre, .mlpPost, .residPost,
    .lnFinalScale, .lnFinalNormalized, .lnFinalOut,
  ]

  public func wants(_ name: ActivationName) -> Bool { Self.needed.contains(name.point) }

  public mutating func visit(_ name: ActivationName, _ t: Tensor) -> Tensor {
    // The pattern [head, query_pos, key_pos] is kept as [head * query_pos, key_pos]; the rest
    // as [pos, everything else].
    let cols = name.point == .pattern ? (t.shape.last ?? 0) : t.shape.dropFirst().reduce(1, *)
    values[name] = Matrix(rows: cols == 0 ? 0 : t.data.count / cols, cols: cols, data: t.data)
    return t
  }

  /// The value recorded under `point` (in `layer`), or an empty matrix if it was not recorded.
  public subscript(_ point: HookPoint, layer layer: Int? = nil) -> Matrix {
    let name = layer.map { ActivationName(point, layer: $0) } ?? ActivationName(point)
    return values[name] ?? Matrix(rows: 0, cols: 0)
  }
}
