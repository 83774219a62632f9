/// Hooks that keep the values at a chosen set of names and change nothing: what an analysis
/// reads from one forward pass (wrap it in `Intervening` for a changed run).
public struct ActivationCollector: Hooks {
  public let names: Set<ActivationName>
  /// The value seen at each wanted name.
  public private(set) var values: [ActivationName: Tensor] = [:]

  public init(_ names: some Sequence<ActivationName>) {
    self.names = Set(names)
  }

  public func wants(_ name: ActivationName) -> Bool { names.contains(name) }

  public mutating func visit(_ name: ActivationName, _ value: Tensor) -> Tensor {
    values[name] = value
    return value
  }

  /// The value at `name` as a matrix: the first axis is the rows, the others the columns.
  public func matrix(_ name: ActivationName) -> Matrix? {
    guard let value = values[name] else { return nil }
    let rows = value.shape.first ?? 1
    return Matrix(rows: rows, cols: rows == 0 ? 0 : value.data.count / rows, data: value.data)
  }
}
