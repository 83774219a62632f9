import TinyGPT

/// The recorder of a traced pass: keeps every value with its name and axes, in order.
public struct TraceRecorder: Recorder {
  public private(set) var activations: [Activation] = []

  public init() {}

  public mutating func record(_ name: ActivationName, _ value: @autoclosure () -> Tensor) {
    let t = value()
    activations.append(
      Activation(name: name.description, axes: name.point.axes, shape: t.shape, data: t.data))
  }
}
