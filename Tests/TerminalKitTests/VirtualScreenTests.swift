import Testing

@testable import TerminalKit

/// The virtual screen against hand-worked expectations for each sequence it knows.
@Suite struct VirtualScreenTests {
  @Test func textWrapsAtTheMarginAndScrollsAtTheBottom() {
    var screen = VirtualScreen(columns: 4, rows: 2)
    screen.feed("abcd")
    #expect(screen.lines == ["abcd", ""])
    #expect(screen.cursorColumn == 3, "pending wrap keeps the cursor on the last column")
    screen.feed("ef")
    #expect(screen.lines == ["abcd", "ef"])
    screen.feed("\r\ngh")
    #expect(screen.lines == ["ef", "gh"])
    // As on xterm, an erase with the wrap pending starts at the last character and wipes
    // it: why TerminalWriter clears a line before writing it, never after.
    screen.feed("\r\n1234\u{1B}[K")
    #expect(screen.lines == ["gh", "123"])
  }

  @Test func wideCharactersTakeTwoCellsAndWrapWhole() {
    var screen = VirtualScreen(columns: 5, rows: 3)
    screen.feed("a日本")
    #expect(screen.lines == ["a日本", "", ""])
    #expect(screen.cursorColumn == 4)
    screen.feed("\u{1B}[2;4H語")
    #expect(screen.lines == ["a日本", "   語", ""])
    screen.feed("\u{1B}[2;5H語x")
    #expect(screen.lines == ["a日本", "   語", "語x"], "no room for two cells at column 5: wraps")
    screen.feed("\u{1B}[1;3Hz")  // overwrite the left half of 日
    #expect(screen.lines[0] == "a z本")
    screen.feed("\u{1B}[1;5Hy")  // overwrite the right half of 本
    #expect(screen.lines[0] == "a z y")
    screen.feed("\u{1B}[3;1He\u{301}")  // combining acute joins the e
    #expect(screen.lines[2] == "é x")
  }

  @Test func cursorMovesAndErases() {
    var screen = VirtualScreen(columns: 6, rows: 3)
    screen.feed("abcdef\r\nghijkl\r\nmnopqr")
    screen.feed("\u{1B}[2;3H\u{1B}[K")
    #expect(screen.lines == ["abcdef", "gh", "mnopqr"])
    screen.feed("\u{1B}[1;4H\u{1B}[1K")
    #expect(screen.lines == ["    ef", "gh", "mnopqr"])
    screen.feed("\u{1B}[3;2H\u{1B}[2K")
    #expect(screen.lines == ["    ef", "gh", ""])
    screen.feed("\u{1B}[H\u{1B}[2BX\u{1B}[AY\u{1B}[3CZ\u{1B}[5DW\u{1B}[4GV")
    // X at row 3; up to row 2 column 2 for Y (over h); right 3 to the last column for Z;
    // left 5 (clearing the pending wrap) to column 1 for W (over g); column 4 for V.
    #expect(screen.lines == ["    ef", "WY V Z", "X"])
    screen.feed("\u{1B}[1;6H\u{1B}[J")
    #expect(screen.lines == ["    e", "", ""])
    screen.feed("zz\u{1B}[2J")
    #expect(screen.lines == ["", "", ""])
  }

  @Test func alternateScreenSavesTheMainOneAndColoursAreIgnored() {
    var screen = VirtualScreen(columns: 8, rows: 2)
    screen.feed("shell $")
    screen.feed("\u{1B}[?1049h\u{1B}[?25l\u{1B}[H\u{1B}[2J")
    #expect(screen.isAlternateScreen && !screen.isCursorVisible)
    #expect(screen.lines == ["", ""])
    screen.feed("\u{1B}[?2026h\u{1B}[0;1;38;2;255;0;0;48;5;21mred\u{1B}[0m!\u{1B}[?2026l")
    #expect(screen.lines == ["red!", ""])
    screen.feed(TerminalControl.sessionEnd)
    #expect(!screen.isAlternateScreen && screen.isCursorVisible)
    #expect(screen.lines == ["shell $", ""])
    #expect(screen.cursorColumn == 7)
  }

  @Test func escapesSplitAcrossFeedsAndJunkAreHandled() {
    var screen = VirtualScreen(columns: 8, rows: 2)
    screen.feed("a\u{1B}")
    screen.feed("[2")
    screen.feed(";3Hb")
    #expect(screen.lines == ["a", "  b"])
    screen.feed("\u{1B}]0;title\u{7}c\u{1B}(Bd")
    #expect(screen.lines == ["a", "  bcd"])
    screen.feed("\u{1B}[" + String(repeating: "9", count: 1000) + "H!")
    #expect(screen.cursorRow == 1 && screen.cursorColumn == 1, "row clamped, nothing printed")
    screen.feed([0xFF, 0x41])
    #expect(screen.lines == ["a", "!\u{FFFD}Acd"])
  }

  @Test func sizesAreBounded() {
    let screen = VirtualScreen(columns: 1_000_000, rows: 0)
    #expect(screen.columns == 2_000 && screen.rows == 1)
    #expect(screen.lines == [""])
  }
}
