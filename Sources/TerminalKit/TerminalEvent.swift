/// Something that happened at the terminal, as reported by `KeyReader.nextEvent(timeout:)`.
public enum TerminalEvent: Hashable, Sendable {
  /// A key was pressed.
  case key(Key)
  /// The terminal window changed size (SIGWINCH); query `Terminal.size(fd:)` and redraw.
  case resize
  /// The input was closed (end of file or hang-up); treat as quit.
  case endOfInput
  /// Nothing happened before the timeout.
  case timeout
}
