/// The number of elements `shape` describes, or `nil` if an axis is negative or the product
/// overflows, so that shapes read from files can never trap.
public func checkedElementCount(of shape: [Int]) -> Int? {
  var count = 1
  for axis in shape {
    guard axis >= 0 else { return nil }
    let (product, overflow) = count.multipliedReportingOverflow(by: axis)
    if overflow { return nil }
    count = product
  }
  return count
}
