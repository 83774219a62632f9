import TerminalKit

/// The walkthrough's inspector: a cursor on one of the page's inspectable matrices, moved with
/// the arrow keys (clamped to the matrix) and from matrix to matrix with Tab.
///
/// It holds only where the cursor is; the page's matrices (`InspectableMatrix`) say what the
/// cell is, so the same cursor follows the reader across heads, layers and pages.
public struct Inspector: Equatable, Sendable {
  /// Which of the page's inspectable matrices (0: the page's result), before clamping.
  public internal(set) var matrix = 0
  public internal(set) var row = 0
  public internal(set) var column = 0
  /// Whether the viewer should scroll the cursor into view at the next frame (after it moved).
  var follow = true
  /// Where the reader was when the viewer last scrolled to the cursor (another page, head or
  /// layer moves the cursor's line too).
  var followedAt: WalkthroughPosition? = nil

  public init(matrix: Int = 0, row: Int = 0, column: Int = 0) {
    self.matrix = matrix
    self.row = row
    self.column = column
  }

  /// The cursor moved into `matrices` (a page with fewer or smaller matrices); nil when the
  /// page has nothing to inspect.
  func clamped(to matrices: [InspectableMatrix]) -> Inspector? {
    guard !matrices.isEmpty else { return nil }
    let m = min(max(0, matrix), matrices.count - 1)
    let target = matrices[m]
    guard target.rows > 0, target.columns > 0 else { return nil }
    return Inspector(
      matrix: m, row: min(max(0, row), target.rows - 1),
      column: min(max(0, column), target.columns - 1))
  }

  /// Applies a key on a page with `matrices`; false when the key is not the inspector's.
  mutating func handle(_ key: Key, in matrices: [InspectableMatrix]) -> Bool {
    var next = clamped(to: matrices) ?? self
    switch key {
    case .up: next.row -= 1
    case .down: next.row += 1
    case .left: next.column -= 1
    case .right: next.column += 1
    case .tab:
      next.matrix = matrices.isEmpty ? 0 : (next.matrix + 1) % matrices.count
    case .backTab:
      next.matrix = matrices.isEmpty ? 0 : (next.matrix + matrices.count - 1) % matrices.count
    default: return false
    }
    self = next.clamped(to: matrices) ?? next
    follow = true
    return true
  }
}
