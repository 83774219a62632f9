/// The escape sequences the session and the frame writer send to the terminal.
public enum TerminalControl {
  /// Switches to the alternate screen, saving the normal screen and cursor (`ESC [ ? 1049 h`).
  public static let enterAlternateScreen = "\u{1b}[?1049h"
  /// Returns to the normal screen and restores its contents and cursor (`ESC [ ? 1049 l`).
  public static let leaveAlternateScreen = "\u{1b}[?1049l"
  /// Hides the cursor (`ESC [ ? 25 l`).
  public static let hideCursor = "\u{1b}[?25l"
  /// Shows the cursor (`ESC [ ? 25 h`).
  public static let showCursor = "\u{1b}[?25h"
  /// Moves the cursor to the top-left cell (`ESC [ H`).
  public static let cursorHome = "\u{1b}[H"
  /// Clears the whole screen without moving the cursor (`ESC [ 2 J`).
  public static let clearScreen = "\u{1b}[2J"
  /// Clears from the cursor to the end of its line (`ESC [ K`).
  public static let clearToEndOfLine = "\u{1b}[K"
  /// Clears from the cursor to the end of the screen (`ESC [ J`).
  public static let clearToEndOfScreen = "\u{1b}[J"
  /// Resets colours and text attributes (`ESC [ 0 m`).
  public static let resetAttributes = "\u{1b}[0m"
  /// Asks the terminal to hold drawing until the matching end (mode 2026; ignored if unknown).
  public static let beginSynchronizedUpdate = "\u{1b}[?2026h"
  /// Ends a synchronized update started with `beginSynchronizedUpdate`.
  public static let endSynchronizedUpdate = "\u{1b}[?2026l"

  /// Everything `TerminalSession.start()` writes: alternate screen, hidden cursor, blank screen.
  public static let sessionStart = enterAlternateScreen + hideCursor + cursorHome + clearScreen
  /// Everything `TerminalSession.restore()` writes: plain attributes, cursor, normal screen.
  public static let sessionEnd = resetAttributes + showCursor + leaveAlternateScreen
}
