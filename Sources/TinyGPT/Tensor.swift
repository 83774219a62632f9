/// A dense Float32 array of any rank, stored flat in row-major order.
public struct Tensor: Equatable, Sendable {
  /// The size of each axis, outermost first.
  public var shape: [Int]
  /// The values, row-major; `data.count == shape.reduce(1, *)`.
  public var data: [Float]

  /// Creates a tensor; the caller guarantees `data.count` matches `shape`.
  public init(shape: [Int], data: [Float]) {
    self.shape = shape
    self.data = data
  }

  /// Creates a tensor of the given shape filled with `value`.
  public init(shape: [Int], repeating value: Float = 0) {
    self.shape = shape
    self.data = [Float](repeating: value, count: shape.reduce(1, *))
  }

  /// The number of elements the shape describes.
  public var count: Int { shape.reduce(1, *) }

  /// Equality of bits, so that NaN equals NaN and -0 differs from 0 (for round-trip checks).
  public func isBitwiseEqual(to other: Tensor) -> Bool {
    shape == other.shape && data.count == other.data.count
      && zip(data, other.data).allSatisfy { $0.bitPattern == $1.bitPattern }
  }
}
