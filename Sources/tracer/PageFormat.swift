/// How `walk` and `replay` print pages when they do not run interactively.
enum PageFormat: String, CaseIterable, Sendable {
  /// Terminal text, coloured or plain as `--color` decides.
  case text
  /// One self-contained HTML file holding every page.
  case html
}
