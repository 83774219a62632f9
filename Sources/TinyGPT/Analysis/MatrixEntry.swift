/// One entry of a matrix with its row and column (the largest entries of a circuit).
public struct MatrixEntry: Equatable, Sendable {
  public var row: Int
  public var column: Int
  public var value: Double

  public init(row: Int, column: Int, value: Double) {
    self.row = row
    self.column = column
    self.value = value
  }
}
