import TinyGPT

/// How one number of a trace was made, with the real operands: what a learner reads in
/// `tracer explain` and in the walkthrough's inspector.
public struct CellExplanation: Sendable {
  /// The cell, e.g. `blocks.0.attn.hook_attn_scores_unmasked[0, 3, 1]`.
  public var cell: String
  /// The axes spelled out: `head 0, query 3 "bring", key 1 "robots"`.
  public var label: String
  /// The recorded value.
  public var value: Float
  /// What the learner reads, line by line: the formula, then the arithmetic with real numbers.
  public var lines: [String]
  /// For products: the pairs `[left, right]` such that `Σ left·right · scale + bias == value`.
  public var terms: [(left: Float, right: Float)]?
  public var scale: Float?
  public var bias: Float?
  /// The recorded values the cell was computed from, for highlighting them on screen.
  public var operands: [Operand]

  /// Part of a recorded activation or weight that a cell was computed from.
  public struct Operand: Equatable, Sendable {
    /// A hook name (`blocks.0.ln1.hook_out`) or a GPT-2 weight name.
    public var name: String
    /// The row (position, query, …) involved, nil for all rows.
    public var row: Int?
    /// The column involved, nil for all columns.
    public var column: Int?
    /// For `[pos, head, x]` values, the head involved.
    public var head: Int?

    public init(name: String, row: Int? = nil, column: Int? = nil, head: Int? = nil) {
      self.name = name
      self.row = row
      self.column = column
      self.head = head
    }
  }

  /// The explanation as one text, lines joined.
  public var text: String { lines.joined(separator: "\n") }
}

/// A cell reference that does not exist, or a trace that cannot explain it: one line.
public struct ExplainError: Error, Equatable, CustomStringConvertible {
  public var description: String
  public init(_ description: String) { self.description = description }
}
