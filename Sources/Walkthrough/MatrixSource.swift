import TinyGPT
import TraceKit

/// Where a matrix drawn on a page comes from: the recorded value (hook or weight name) and
/// which part of it is shown how, so the inspector can put its cursor and the operands of an
/// explanation on it.
struct MatrixSource: Equatable, Sendable {
  /// A hook name (`blocks.0.attn.hook_q`) or a GPT-2 weight name.
  var name: String
  /// The head shown: head `head` of a `[pos, head, x]` value, or slice `head` of a
  /// `[head, query_pos, key_pos]` value; nil when all of it is shown.
  var head: Int? = nil
  /// The first row of the value that is shown (the last row alone: its index).
  var rowOffset = 0
  /// The first column of the value that is shown (W_K: `d_model` inside `c_attn.weight`).
  var columnOffset = 0
  /// Whether the value is drawn transposed (`K_hᵀ`, `W_U` from `wte`).
  var transposed = false

  init(
    _ name: String, head: Int? = nil, rowOffset: Int = 0, columnOffset: Int = 0,
    transposed: Bool = false
  ) {
    self.name = name
    self.head = head
    self.rowOffset = rowOffset
    self.columnOffset = columnOffset
    self.transposed = transposed
  }
}

/// What the inspector marks in one drawn matrix: operand rows and columns, and the cursor.
struct Marks: Equatable, Sendable {
  var rows: Set<Int> = []
  var columns: Set<Int> = []
  /// The cursor's cell, `[row, column]` as drawn.
  var cell: [Int]? = nil
  /// Whether the inspector is on: marks are then also drawn as text (`→`, `↓`, `>`).
  var inspecting = false
}

/// The inspector's cursor and the operands of its cell, as the page draws them.
struct Inspection: Sendable {
  /// The matrix the cursor is on.
  var source: MatrixSource
  var row: Int
  var column: Int
  /// The operands of the cell's explanation.
  var operands: [CellExplanation.Operand]
}

extension PageContext {
  /// What the inspector marks in the matrix drawn from `source` (nothing when not inspecting).
  func marks(_ source: MatrixSource) -> Marks {
    guard let inspection else { return Marks() }
    var marks = Marks(inspecting: true)
    if inspection.source == source { marks.cell = [inspection.row, inspection.column] }
    for operand in inspection.operands where operand.name == source.name {
      if let head = operand.head, let shown = source.head, head != shown { continue }
      var row = operand.row.map { $0 - source.rowOffset }
      var column = operand.column.map { $0 - source.columnOffset }
      // A head's column in a value drawn with every head side by side.
      if source.head == nil, let head = operand.head, let c = operand.column {
        column = head * config.dHead + c - source.columnOffset
      }
      if source.transposed { swap(&row, &column) }
      if let row { marks.rows.insert(row) }
      if let column { marks.columns.insert(column) }
    }
    return marks
  }
}
