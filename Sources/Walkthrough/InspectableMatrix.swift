import TinyGPT
import TraceKit

/// A matrix on a page the inspector can put its cursor on: the drawn matrix, its size as
/// drawn, and how a drawn cell maps to a cell of the recorded activation.
struct InspectableMatrix: Sendable {
  /// How a drawn `(row, column)` maps to the activation's index.
  enum Layout: Equatable, Sendable {
    /// `[row, column]`.
    case plain
    /// Head `h` of a `[pos, head, x]` value: `[row, h, column]`.
    case head(Int)
    /// Head `h` of a `[pos, head, x]` value drawn transposed (`K_hᵀ`): `[column, h, row]`.
    case headTransposed(Int)
    /// Every head side by side (`[pos, head, d_head]` drawn `[pos, d_model]`):
    /// `[row, column / d_head, column % d_head]`.
    case sideBySide(dHead: Int)
    /// Slice `h` of a `[head, query_pos, key_pos]` value: `[h, row, column]`.
    case slice(Int)
    /// Listed token ids of one position's logits, one per drawn row: `[position, ids[row]]`.
    case tokens(position: Int, ids: [Int])
  }

  /// The title drawn above the matrix.
  var title: String
  var source: MatrixSource
  /// The recorded activation.
  var name: ActivationName
  var rows: Int
  var columns: Int
  var layout: Layout

  /// The cell behind drawn cell `row`, `column`.
  func cell(row: Int, column: Int) -> CellReference {
    let index: [Int]
    switch layout {
    case .plain: index = [row, column]
    case .head(let h): index = [row, h, column]
    case .headTransposed(let h): index = [column, h, row]
    case .slice(let h): index = [h, row, column]
    case .sideBySide(let d): index = [row, column / max(1, d), column % max(1, d)]
    case .tokens(let position, let ids):
      index = [position, ids.indices.contains(row) ? ids[row] : 0]
    }
    return CellReference(name: name, index: index)
  }
}

extension PageContext {
  /// The name of the activation at `point` in the reader's block.
  func activationName(_ point: HookPoint) -> ActivationName {
    point.isPerLayer ? ActivationName(point, layer: layer) : ActivationName(point)
  }

  /// An inspectable matrix of the whole `[pos, x]` activation at `point`, or of every head
  /// side by side for a `[pos, head, d_head]` one.
  func inspectable(_ point: HookPoint, title: String) -> InspectableMatrix {
    let name = activationName(point)
    let shape = pass.activation(name)?.shape ?? []
    let columns = shape.dropFirst().reduce(1, *)
    return InspectableMatrix(
      title: title, source: MatrixSource(name.description), name: name,
      rows: pass.tokens.count, columns: shape.count > 1 ? columns : 0,
      layout: shape.count == 3 ? .sideBySide(dHead: shape[2]) : .plain)
  }

  /// The marks of the whole activation at `point` in the reader's block.
  func marks(_ point: HookPoint) -> Marks { marks(MatrixSource(activationName(point).description)) }

  /// The marks of the current head of the activation at `point` (`transposed`: drawn `ᵀ`).
  func headMarks(_ point: HookPoint, transposed: Bool = false) -> Marks {
    marks(MatrixSource(activationName(point).description, head: head, transposed: transposed))
  }

  /// An inspectable matrix of the current head of the `[pos, head, x]` activation at `point`.
  func inspectableHead(_ point: HookPoint, title: String, width: Int, transposed: Bool = false)
    -> InspectableMatrix
  {
    let name = activationName(point)
    let tokens = pass.tokens.count
    return InspectableMatrix(
      title: title, source: MatrixSource(name.description, head: head, transposed: transposed),
      name: name, rows: transposed ? width : tokens, columns: transposed ? tokens : width,
      layout: transposed ? .headTransposed(head) : .head(head))
  }

  /// An inspectable matrix of the current head's slice of a `[head, query, key]` activation.
  func inspectableSlice(_ point: HookPoint, title: String) -> InspectableMatrix {
    let name = activationName(point)
    let tokens = pass.tokens.count
    return InspectableMatrix(
      title: title, source: MatrixSource(name.description, head: head), name: name,
      rows: tokens, columns: tokens, layout: .slice(head))
  }
}
