/// One key press decoded from the bytes a terminal sends in raw mode.
///
/// Modifier keys on navigation keys (for example Ctrl-Right, `ESC [ 1 ; 5 C`) are accepted and
/// dropped: the viewer only needs the base key. Alt-x arrives as `.escape` followed by `x`.
public enum Key: Hashable, Sendable {
  /// A printable character, including multi-byte UTF-8 characters.
  case character(Character)
  /// Enter or Return (`\r` in raw mode, `\n` accepted too).
  case enter
  /// A lone Escape key press (reported only after the escape timeout).
  case escape
  /// Backspace (byte 0x7f or 0x08).
  case backspace
  /// Tab (byte 0x09).
  case tab
  /// Shift-Tab (`ESC [ Z`).
  case backTab
  /// Arrow up.
  case up
  /// Arrow down.
  case down
  /// Arrow left.
  case left
  /// Arrow right.
  case right
  /// Home.
  case home
  /// End.
  case end
  /// Page Up.
  case pageUp
  /// Page Down.
  case pageDown
  /// Insert.
  case insert
  /// Forward delete.
  case delete
  /// A control key, named by its lowercase letter: Ctrl-C is `.control("c")`.
  ///
  /// Bytes 0x00 and 0x1c...0x1f are named `@`, `\`, `]`, `^` and `_`.
  case control(Character)
  /// A sequence the parser recognised as one unit but does not map to a key (e.g. F5).
  case unknown([UInt8])
}

extension Key: CustomStringConvertible {
  /// A short human-readable name, such as `up`, `ctrl-c` or `"é"`.
  public var description: String {
    switch self {
    case .character(let character): return "\"\(character)\""
    case .control(let character): return "ctrl-\(character)"
    case .unknown(let bytes):
      return "unknown(" + bytes.map { String($0, radix: 16) }.joined(separator: " ") + ")"
    case .enter: return "enter"
    case .escape: return "escape"
    case .backspace: return "backspace"
    case .tab: return "tab"
    case .backTab: return "shift-tab"
    case .up: return "up"
    case .down: return "down"
    case .left: return "left"
    case .right: return "right"
    case .home: return "home"
    case .end: return "end"
    case .pageUp: return "page-up"
    case .pageDown: return "page-down"
    case .insert: return "insert"
    case .delete: return "delete"
    }
  }
}
