import TensorFiles

extension Tensor {
  /// The number of elements `shape` describes, or `nil` if an axis is negative or the product
  /// overflows (so that shapes read from files can never trap).
  public static func checkedCount(of shape: [Int]) -> Int? { checkedElementCount(of: shape) }
}
