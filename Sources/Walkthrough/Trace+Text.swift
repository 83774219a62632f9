import TerminalKit
import TinyGPT
import TraceKit

extension Trace {
  /// The separator of running text: a space between words, nothing between characters or
  /// byte-level BPE pieces (which carry their own leading space, drawn `␣`).
  var tokenSeparator: String { tokenizer.kind == .word ? " " : "" }

  /// Token texts as the pages show running text: words separated by spaces, characters
  /// joined as they are.
  func joinedText(_ tokens: [String]) -> String { tokens.joined(separator: tokenSeparator) }

  /// The last tokens of `tokens` that fit `width` display columns as running text, led by
  /// `… ` when any were left out (or when `cut`: something before them is already missing).
  /// The end is kept: that is where a generation's new tokens are.
  func tailText(_ tokens: [String], width: Int, cut: Bool = false) -> String {
    let whole = joinedText(tokens)
    if !cut && DisplayWidth.of(whole) <= width { return whole }
    let mark = "… "
    var kept: [String] = []
    var used = DisplayWidth.of(mark)
    for token in tokens.reversed() {
      let extra = DisplayWidth.of(token) + (kept.isEmpty ? 0 : DisplayWidth.of(tokenSeparator))
      if used + extra > width { break }
      kept.insert(token, at: 0)
      used += extra
    }
    if kept.isEmpty, let last = tokens.last {
      // One token wider than the room: its end.
      var chars: [Character] = []
      used = DisplayWidth.of(mark)
      for ch in last.reversed() {
        used += DisplayWidth.of(ch)
        if used > width { break }
        chars.insert(ch, at: 0)
      }
      return mark + String(chars)
    }
    return mark + joinedText(kept)
  }

  /// What a token is for this model's tokenizer: `word`, `character` or `token` (a BPE piece).
  var tokenUnit: String {
    switch tokenizer.kind {
    case .word: "word"
    case .char: "character"
    case .bpe: "token"
    }
  }
}

/// A long prompt cut to its start and end (`"the robots … 19950 more characters … bring"`
/// without the quotes); nil when the prompt is short enough to show whole.
func promptExcerpt(_ prompt: String) -> (start: String, hidden: Int, end: String)? {
  let (longest, end) = (64, 16)
  guard prompt.count > longest else { return nil }
  return (String(prompt.prefix(end)), prompt.count - 2 * end, String(prompt.suffix(end)))
}
