/// What the virtual screen does with text, control characters and control sequences.
extension VirtualScreen {
  mutating func put(_ scalar: Unicode.Scalar) {
    let width = DisplayWidth.of(scalar)
    if width == 0 {
      joinToPreviousCell(scalar)
      return
    }
    if pendingWrap || cursorColumn + width > columns {
      guard width <= columns else { return }
      if pendingWrap || cursorColumn > 0 {
        cursorColumn = 0
        lineFeed()
      }
      pendingWrap = false
    }
    clearHalves(row: cursorRow, from: cursorColumn, count: width)
    grid[cursorRow][cursorColumn] = Character(scalar)
    if width == 2 { grid[cursorRow][cursorColumn + 1] = nil }
    if cursorColumn + width >= columns {
      cursorColumn = columns - 1
      pendingWrap = true
    } else {
      cursorColumn += width
    }
  }

  /// Appends a combining mark or format character to the character before the cursor.
  private mutating func joinToPreviousCell(_ scalar: Unicode.Scalar) {
    var column = pendingWrap ? cursorColumn : cursorColumn - 1
    while column > 0 && grid[cursorRow][column] == nil { column -= 1 }
    guard column >= 0, let existing = grid[cursorRow][column] else { return }
    var text = String(existing)
    text.unicodeScalars.append(scalar)
    if text.count == 1, let joined = text.first { grid[cursorRow][column] = joined }
  }

  /// Blanks the other half of any wide character that cells `from..<from+count` cut through.
  private mutating func clearHalves(row: Int, from column: Int, count: Int) {
    let end = Swift.min(columns, column + count)
    if column < columns, grid[row][column] == nil, column > 0 { grid[row][column - 1] = " " }
    if end < columns, grid[row][end] == nil { grid[row][end] = " " }
    for index in column..<end { grid[row][index] = " " }
  }

  mutating func control(_ scalar: Unicode.Scalar) {
    switch scalar {
    case "\r":
      cursorColumn = 0
      pendingWrap = false
    case "\n", "\u{0B}", "\u{0C}":
      lineFeed()
      pendingWrap = false
    case "\u{08}":
      cursorColumn = Swift.max(0, cursorColumn - 1)
      pendingWrap = false
    default: break
    }
  }

  /// Moves down a row, scrolling the screen up at the bottom.
  private mutating func lineFeed() {
    if cursorRow == rows - 1 {
      grid.removeFirst()
      grid.append(Array(repeating: " ", count: columns))
    } else {
      cursorRow += 1
    }
  }

  mutating func apply(_ sequence: ControlSequence) {
    if sequence.isPrivate {
      applyPrivateMode(sequence)
      return
    }
    pendingWrap = false
    switch sequence.final {
    case "H", "f":
      moveTo(
        row: sequence.parameter(0, default: 1) - 1, column: sequence.parameter(1, default: 1) - 1)
    case "A": moveTo(row: cursorRow - sequence.parameter(0, default: 1), column: cursorColumn)
    case "B": moveTo(row: cursorRow + sequence.parameter(0, default: 1), column: cursorColumn)
    case "C": moveTo(row: cursorRow, column: cursorColumn + sequence.parameter(0, default: 1))
    case "D": moveTo(row: cursorRow, column: cursorColumn - sequence.parameter(0, default: 1))
    case "G": moveTo(row: cursorRow, column: sequence.parameter(0, default: 1) - 1)
    case "d": moveTo(row: sequence.parameter(0, default: 1) - 1, column: cursorColumn)
    case "K": eraseInLine(sequence.parameter(0, default: 0, zeroIsDefault: false))
    case "J": eraseInScreen(sequence.parameter(0, default: 0, zeroIsDefault: false))
    default: break  // SGR and everything else: no effect on the text
    }
  }

  private mutating func applyPrivateMode(_ sequence: ControlSequence) {
    guard sequence.final == "h" || sequence.final == "l" else { return }
    let on = sequence.final == "h"
    for case let mode? in sequence.parameters {
      switch mode {
      case 25: isCursorVisible = on
      case 1049 where on != isAlternateScreen:
        if on { savedCursor = (cursorRow, cursorColumn) }
        swap(&grid, &savedGrid)
        isAlternateScreen = on
        if on {
          grid = Self.blank(columns: columns, rows: rows)
        } else {
          (cursorRow, cursorColumn) = savedCursor
        }
        pendingWrap = false
      default: break
      }
    }
  }

  private mutating func moveTo(row: Int, column: Int) {
    cursorRow = Swift.min(rows - 1, Swift.max(0, row))
    cursorColumn = Swift.min(columns - 1, Swift.max(0, column))
  }

  private mutating func eraseInLine(_ mode: Int) {
    switch mode {
    case 0: clearHalves(row: cursorRow, from: cursorColumn, count: columns - cursorColumn)
    case 1: clearHalves(row: cursorRow, from: 0, count: cursorColumn + 1)
    case 2: clearHalves(row: cursorRow, from: 0, count: columns)
    default: break
    }
  }

  private mutating func eraseInScreen(_ mode: Int) {
    switch mode {
    case 0:
      eraseInLine(0)
      for row in (cursorRow + 1)..<rows { grid[row] = Array(repeating: " ", count: columns) }
    case 1:
      eraseInLine(1)
      for row in 0..<cursorRow { grid[row] = Array(repeating: " ", count: columns) }
    case 2, 3:
      grid = Self.blank(columns: columns, rows: rows)
    default: break
    }
  }
}
