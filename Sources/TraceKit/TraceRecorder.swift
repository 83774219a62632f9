import TinyGPT

/// The hooks of a traced pass: they keep every value with its name and axes, in order, and
/// change nothing.
public struct TraceRecorder: Hooks {
  public private(set) var activations: [Activation] = []

  public init() {}

  public func wants(_ name: ActivationName) -> Bool { true }

  public mutating func visit(_ name: ActivationName, _ value: Tensor) -> Tensor {
    activations.append(
      Activation(
        name: name.description, axes: name.point.axes, shape: value.shape, data: value.data))
    return value
  }
}
