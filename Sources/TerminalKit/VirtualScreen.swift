/// A small virtual terminal: a grid of cells that applies text and the escape sequences
/// TerminalKit writes, so a recording can be replayed and its screen compared as text.
///
/// Understood: printable text (wide characters take two cells, combining marks join the
/// previous cell), CR, LF (scrolling at the bottom), backspace, cursor position and moves
/// (`CSI H f A B C D G d`), erase in line and screen (`CSI K`, `CSI J`, modes 0-2), the
/// alternate screen (`CSI ? 1049 h/l`), cursor visibility (`CSI ? 25 h/l`) and pending
/// wrap at the right margin as xterm does it. SGR (`CSI m`), synchronized update and other
/// sequences are consumed and ignored; colours are not kept.
public struct VirtualScreen: Sendable {
  /// A cell: a character, or `nil` for the right half of a wide character.
  typealias Cell = Character?

  /// Width in columns.
  public let columns: Int
  /// Height in rows.
  public let rows: Int
  /// The cursor's row, 0-based.
  public internal(set) var cursorRow = 0
  /// The cursor's column, 0-based.
  public internal(set) var cursorColumn = 0
  /// Whether the cursor is shown (`CSI ? 25 h/l`).
  public internal(set) var isCursorVisible = true
  /// Whether the alternate screen is in use (`CSI ? 1049 h/l`).
  public internal(set) var isAlternateScreen = false

  var grid: [[Cell]]
  var savedGrid: [[Cell]]
  var savedCursor = (row: 0, column: 0)
  var pendingWrap = false
  var parser = EscapeParser()

  /// The largest width and height a screen takes (larger requests are reduced to them),
  /// so that a recording's header cannot ask for an unbounded grid.
  public static let maximumSize = (columns: 2_000, rows: 1_000)

  /// A blank screen of `columns` x `rows` (each at least 1 and at most `maximumSize`).
  public init(columns: Int, rows: Int) {
    self.columns = Swift.min(Self.maximumSize.columns, Swift.max(1, columns))
    self.rows = Swift.min(Self.maximumSize.rows, Swift.max(1, rows))
    grid = Self.blank(columns: self.columns, rows: self.rows)
    savedGrid = grid
  }

  static func blank(columns: Int, rows: Int) -> [[Cell]] {
    Array(repeating: Array(repeating: " ", count: columns), count: rows)
  }

  /// The text of every row, trailing spaces removed.
  public var lines: [String] {
    grid.map { row in
      var text = ""
      for case let character? in row { text.append(character) }
      while text.last == " " { text.removeLast() }
      return text
    }
  }

  /// The rows as `lines`, without the blank rows at the bottom.
  public var text: [String] {
    var result = lines
    while result.last?.isEmpty == true { result.removeLast() }
    return result
  }

  /// Applies text written to the terminal (escape sequences may span calls).
  public mutating func feed(_ text: String) {
    for scalar in text.unicodeScalars {
      switch parser.consume(scalar) {
      case .none: break
      case .print(let scalar): put(scalar)
      case .control(let scalar): control(scalar)
      case .csi(let sequence): apply(sequence)
      }
    }
  }

  /// Applies bytes written to the terminal, decoded as UTF-8 (invalid bytes become U+FFFD).
  public mutating func feed(_ bytes: [UInt8]) {
    feed(String(decoding: bytes, as: UTF8.self))
  }
}
