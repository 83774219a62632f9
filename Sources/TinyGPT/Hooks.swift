/// A visitor of the forward pass: it sees the value at every hook point and returns the value
/// that flows on, like TransformerLens's `HookPoint`.
///
/// The forward pass is written once, generic over its hooks. Observing (a trace), keeping what
/// backpropagation needs (training) and changing values (interventions) are all hooks, and they
/// compose. A value no hook `wants` is never built, so `NoHooks` (an untraced pass) costs nothing.
public protocol Hooks {
  /// Whether the hooks need to see the value at `name`. Values nobody wants are never computed
  /// when they exist only to be seen (`attn.hook_result`, `hook_probs`).
  func wants(_ name: ActivationName) -> Bool
  /// Sees the value at `name` and returns the value that flows on, of the same shape.
  mutating func visit(_ name: ActivationName, _ value: Tensor) -> Tensor
  /// Whether `visit` may return something else than it was given at `name`. Only asked where
  /// the forward pass can skip work for hooks that merely look (`attn.hook_result`).
  func replaces(_ name: ActivationName) -> Bool
}

extension Hooks {
  /// Hooks that only look replace nothing.
  public func replaces(_ name: ActivationName) -> Bool { false }
}

/// The hooks of a plain pass: they want nothing and change nothing.
public struct NoHooks: Hooks {
  public init() {}
  @inlinable @inline(__always)
  public func wants(_ name: ActivationName) -> Bool { false }
  @inlinable @inline(__always)
  public mutating func visit(_ name: ActivationName, _ value: Tensor) -> Tensor { value }
}

extension Hooks {
  /// Passes a tensor through the hook at `point` (in `layer` when it is per-layer).
  @inlinable @inline(__always)
  mutating func callAsFunction(_ point: HookPoint, _ layer: Int?, _ value: Tensor) -> Tensor {
    let name = ActivationName(point, layer: layer)
    guard wants(name) else { return value }
    let out = visit(name, value)
    precondition(out.shape == value.shape, "hook \(name) returned another shape")
    return out
  }

  /// Passes a matrix through the hook at `point`; it is seen as `[rows, cols]`.
  @inlinable @inline(__always)
  mutating func callAsFunction(_ point: HookPoint, _ layer: Int?, _ value: Matrix) -> Matrix {
    let name = ActivationName(point, layer: layer)
    guard wants(name) else { return value }
    let out = visit(name, value.tensor)
    precondition(out.shape == [value.rows, value.cols], "hook \(name) returned another shape")
    return Matrix(rows: value.rows, cols: value.cols, data: out.data)
  }

  /// Passes a matrix through the hook at `point`, seen as a tensor of `shape` (the same values
  /// row-major: `[pos, head, d_head]` for `hook_q`, `[head, query_pos, key_pos]` for the scores).
  @inlinable @inline(__always)
  mutating func callAsFunction(
    _ point: HookPoint, _ layer: Int?, _ value: Matrix, as shape: [Int]
  ) -> Matrix {
    let name = ActivationName(point, layer: layer)
    guard wants(name) else { return value }
    let out = visit(name, Tensor(shape: shape, data: value.data))
    precondition(out.shape == shape, "hook \(name) returned another shape")
    return Matrix(rows: value.rows, cols: value.cols, data: out.data)
  }

  /// Whether the hooks want the value at `point` (in `layer`).
  @inlinable @inline(__always)
  func wants(_ point: HookPoint, _ layer: Int?) -> Bool {
    wants(ActivationName(point, layer: layer))
  }

  /// Whether the hooks may change the value at `point` (in `layer`).
  @inlinable @inline(__always)
  func replaces(_ point: HookPoint, _ layer: Int?) -> Bool {
    replaces(ActivationName(point, layer: layer))
  }
}
