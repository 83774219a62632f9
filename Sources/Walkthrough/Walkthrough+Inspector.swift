import TerminalKit
import TraceKit

/// What the inspector shows on a page: the matrix and cell under the cursor and its explanation.
public struct InspectedCell: Sendable {
  /// The title of the matrix the cursor is on, and how many matrices the page has.
  public var matrixTitle: String
  public var matrixCount: Int
  /// The cell under the cursor.
  public var cell: CellReference
  /// The explanation's lines (`tracer explain`), or one line saying why there is none.
  public var lines: [String]
  /// The explanation's operands, marked in the page's matrices.
  public var operands: [CellExplanation.Operand]
  /// The cursor, clamped to the page.
  public var inspector: Inspector
}

extension Walkthrough {
  /// The matrices the inspector can visit on page `index` at `position`.
  func inspectableMatrices(page index: Int, at position: WalkthroughPosition)
    -> [InspectableMatrix]
  {
    guard pages.indices.contains(index) else { return [] }
    return pages[index].view.implementation.inspectable(
      PageContext(trace: trace, position: position))
  }

  /// The cell `inspector` is on, on page `index` at `position`, explained; nil when the page
  /// has nothing to inspect.
  public func inspect(page index: Int, at position: WalkthroughPosition, inspector: Inspector)
    -> InspectedCell?
  {
    let matrices = inspectableMatrices(page: index, at: position)
    guard let cursor = inspector.clamped(to: matrices) else { return nil }
    let target = matrices[cursor.matrix]
    let cell = target.cell(row: cursor.row, column: cursor.column)
    let pass = min(position.pass, trace.passes.count - 1)
    var result = InspectedCell(
      matrixTitle: target.title, matrixCount: matrices.count, cell: cell, lines: [],
      operands: [], inspector: cursor)
    do {
      let explanation = try trace.explain(cell, pass: pass)
      result.lines = explanation.lines
      result.operands = explanation.operands
    } catch {
      result.lines = ["\(cell): \(error)"]
    }
    return result
  }

  /// The inspector's marks for page `index`: the cursor's matrix and cell, and the operands.
  func inspection(page index: Int, at position: WalkthroughPosition, inspector: Inspector)
    -> Inspection?
  {
    let matrices = inspectableMatrices(page: index, at: position)
    guard let inspected = inspect(page: index, at: position, inspector: inspector) else {
      return nil
    }
    let cursor = inspected.inspector
    return Inspection(
      source: matrices[cursor.matrix].source, row: cursor.row, column: cursor.column,
      operands: inspected.operands)
  }
}
