/// Something that observes every named intermediate value of a forward pass.
///
/// The forward pass is generic over its recorder, and values are passed as autoclosures, so a
/// recorder that ignores them (`NoRecorder`) costs nothing: the value is never built.
public protocol Recorder {
  /// Called once per hook point, in execution order.
  mutating func record(_ name: ActivationName, _ value: @autoclosure () -> Tensor)
}

/// The recorder of an untraced pass: it records nothing.
public struct NoRecorder: Recorder {
  public init() {}
  @inlinable @inline(__always)
  public mutating func record(_ name: ActivationName, _ value: @autoclosure () -> Tensor) {}
}
