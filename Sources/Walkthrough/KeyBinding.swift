import TerminalKit

/// One row of the viewer's key table: the keys, what they do, and the help line for them.
///
/// The viewer looks keys up in `KeyBinding.table` and the help screen is generated from it,
/// so the two never disagree.
public struct KeyBinding: Sendable {
  /// Everything the viewer can be asked to do with a key.
  public enum Command: Sendable, CaseIterable {
    case nextMatch, nextPage, previousPage, firstPage, lastPage, contents, jump
    case previousHead, nextHead, previousLayer, nextLayer, scrollDown, scrollUp, pageDown, pageUp
    case search, editPrompt, ablateHead, ablateMLP, temperatureDown, temperatureUp
    case topKDown, topKUp, topPDown, topPUp, newSeed, inspect, compare, help, suspend, quit
  }

  public let keys: [Key]
  /// How help names the keys when not simply by listing them (digits).
  public let label: String?
  public let help: String
  public let command: Command

  init(_ keys: [Key], _ command: Command, _ help: String, label: String? = nil) {
    self.keys = keys
    self.command = command
    self.help = help
    self.label = label
  }

  /// The keys as help shows them: `→ space n l`.
  public var keyText: String { label ?? keys.map(Self.name).joined(separator: " ") }

  /// A key's name on a keyboard: `→`, `space`, `Esc`, `Ctrl-C`, `a`.
  public static func name(_ key: Key) -> String {
    switch key {
    case .character(" "): "space"
    case .character(let c): String(c)
    case .control(let c): "Ctrl-" + String(c).uppercased()
    case .right: "→"
    case .left: "←"
    case .up: "↑"
    case .down: "↓"
    case .home: "Home"
    case .end: "End"
    case .pageUp: "PgUp"
    case .pageDown: "PgDn"
    case .enter: "Enter"
    case .escape: "Esc"
    case .tab: "Tab"
    case .backTab: "Shift-Tab"
    case .backspace: "Backspace"
    case .insert: "Insert"
    case .delete: "Delete"
    case .unknown: "?"
    }
  }

  private static func chars(_ text: String) -> [Key] { text.map { Key.character($0) } }

  /// Every key of the viewer, in the order help lists them. The first row whose keys include
  /// a key decides, except that `nextMatch` applies only while a search is active.
  public static let table: [KeyBinding] = [
    KeyBinding(
      [.right, .character(" "), .character("n"), .character("l")], .nextPage,
      "next page (with --autoplay, space pauses and resumes)"),
    KeyBinding([.left, .character("h"), .backspace], .previousPage, "previous page"),
    KeyBinding([.home], .firstPage, "first page"),
    KeyBinding([.character("G"), .end], .lastPage, "last page"),
    KeyBinding(
      chars("0123456789"), .jump,
      "jump to a page by number (12 Enter: page 12); with --quiz, 1–4 answer a question",
      label: "12 Enter"),
    KeyBinding([.character("g"), .tab], .contents, "table of contents (↑ ↓ Enter, Esc back)"),
    KeyBinding([.character("/")], .search, "search the pages' text (type, Enter)"),
    KeyBinding([.character("n")], .nextMatch, "next match, while a search is active (Esc ends it)"),
    KeyBinding([.character("[")], .previousHead, "previous attention head"),
    KeyBinding([.character("]")], .nextHead, "next attention head"),
    KeyBinding([.character("{")], .previousLayer, "previous layer"),
    KeyBinding([.character("}")], .nextLayer, "next layer"),
    KeyBinding([.down, .character("j")], .scrollDown, "scroll a tall page down"),
    KeyBinding([.up], .scrollUp, "scroll up"),
    KeyBinding([.pageDown], .pageDown, "scroll down a screen"),
    KeyBinding([.pageUp], .pageUp, "scroll up a screen"),
    KeyBinding([.character("e")], .editPrompt, "edit the prompt and run again (Ctrl-U clears)"),
    KeyBinding([.character("a")], .ablateHead, "ablate / restore the current head"),
    KeyBinding([.character("A")], .ablateMLP, "ablate / restore the current layer's MLP"),
    KeyBinding([.character("t")], .temperatureDown, "temperature down (0 is greedy)"),
    KeyBinding([.character("T")], .temperatureUp, "temperature up"),
    KeyBinding([.character("k")], .topKDown, "top-k down (off, 1, 2, 3, 5, 10, 20, 50)"),
    KeyBinding([.character("K")], .topKUp, "top-k up"),
    KeyBinding([.character("p")], .topPDown, "top-p down (off, 0.5, 0.75, 0.9, 0.95)"),
    KeyBinding([.character("P")], .topPUp, "top-p up"),
    KeyBinding([.character("s")], .newSeed, "new sampling seed"),
    KeyBinding(
      [.character("i")], .inspect,
      "inspect the numbers: arrows move, Tab next matrix, Esc (or i) leaves"),
    KeyBinding(
      [.character("c")], .compare,
      "compare mode: each matrix as its difference from the baseline run, or back"),
    KeyBinding([.character("?")], .help, "this help"),
    KeyBinding([.control("z")], .suspend, "suspend (fg resumes)"),
    KeyBinding([.character("q"), .escape, .control("c"), .control("d")], .quit, "quit"),
  ]
}
