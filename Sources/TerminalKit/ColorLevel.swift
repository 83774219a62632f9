/// How many colours the output terminal can show.
///
/// The level is always passed in as a value (see `ANSIEncoder`), never read from a global.
public enum ColorLevel: Int, Comparable, CaseIterable, Sendable {
  /// No escape sequences at all: plain text.
  case none
  /// The 16 basic ANSI colours (SGR 30-37, 90-97 and 40-47, 100-107).
  case ansi16
  /// The xterm 256-colour palette (SGR 38;5;n and 48;5;n).
  case ansi256
  /// 24-bit colour (SGR 38;2;r;g;b and 48;2;r;g;b).
  case trueColor

  public static func < (lhs: ColorLevel, rhs: ColorLevel) -> Bool {
    lhs.rawValue < rhs.rawValue
  }

  /// Detects the colour level from environment variables, checking in order:
  ///
  /// 1. `NO_COLOR` set to a non-empty value: `.none`.
  /// 2. Output is not a terminal: `.none`.
  /// 3. `COLORTERM` is `truecolor` or `24bit`: `.trueColor`.
  /// 4. `TERM` contains `256color`: `.ansi256`.
  /// 5. `TERM` is `dumb`: `.none`.
  /// 6. Any other `TERM`, including an unset or empty one: `.ansi16`.
  public static func detect(environment: [String: String], isTerminal: Bool) -> ColorLevel {
    if let noColor = environment["NO_COLOR"], !noColor.isEmpty { return .none }
    guard isTerminal else { return .none }
    return detectTerminal(environment: environment)
  }

  /// Rules 3-6 of `detect`, for output known to go to a terminal.
  static func detectTerminal(environment: [String: String]) -> ColorLevel {
    let colorTerm = (environment["COLORTERM"] ?? "").lowercased()
    if colorTerm == "truecolor" || colorTerm == "24bit" { return .trueColor }
    let term = (environment["TERM"] ?? "").lowercased()
    if term.contains("256color") { return .ansi256 }
    if term == "dumb" { return .none }
    return .ansi16
  }
}
