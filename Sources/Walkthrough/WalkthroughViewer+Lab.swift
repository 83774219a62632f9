import TerminalKit
import TinyGPT

extension WalkthroughViewer {
  /// The lab's keys: each changes the settings and asks the loop to re-run the model.
  mutating func lab(_ command: KeyBinding.Command) -> Action {
    guard labAvailable else {
      message = "the lab re-runs the model: use tracer walk (a replayed trace cannot)"
      return .redraw
    }
    var settings = labSettings
    let c = walkthrough.trace.config
    switch command {
    case .editPrompt:
      input = .prompt(text: settings.prompt, cursor: settings.prompt.count, error: nil)
      return .redraw
    case .ablateHead:
      settings.toggle(.ablateHead(layer: position.layer, head: min(position.head, c.nHeads - 1)))
    case .ablateMLP: settings.toggle(.ablateMLP(layer: position.layer))
    case .temperatureDown: settings.stepTemperature(by: -1)
    case .temperatureUp: settings.stepTemperature(by: 1)
    case .topKDown: settings.stepTopK(by: -1)
    case .topKUp: settings.stepTopK(by: 1)
    case .topPDown: settings.stepTopP(by: -1)
    case .topPUp: settings.stepTopP(by: 1)
    case .newSeed: settings.sampling.seed &+= 1
    default: return .nothing
    }
    guard settings != labSettings else {
      message = "already at the end of the steps"
      return .redraw
    }
    return .rerun(settings)
  }

  /// A key while the prompt is edited in the status line.
  mutating func handlePrompt(_ key: Key, text: String, cursor: Int) -> Action {
    var characters = Array(text)
    var cursor = min(max(0, cursor), characters.count)
    switch key {
    case .escape:
      input = .none
      return .redraw
    case .control("c"): return .quit
    case .enter:
      if text == labSettings.prompt {
        input = .none
        return .redraw
      }
      do {
        _ = try walkthrough.trace.tokenizer.encode(text)
      } catch {
        input = .prompt(text: text, cursor: cursor, error: "\(error)")
        return .redraw
      }
      var settings = labSettings
      settings.prompt = text
      return .rerun(settings)
    case .control("u"):
      characters = []
      cursor = 0
    case .backspace:
      guard cursor > 0 else { return .nothing }
      characters.remove(at: cursor - 1)
      cursor -= 1
    case .delete:
      guard cursor < characters.count else { return .nothing }
      characters.remove(at: cursor)
    case .left, .control("b"): cursor = max(0, cursor - 1)
    case .right, .control("f"): cursor = min(characters.count, cursor + 1)
    case .home, .control("a"): cursor = 0
    case .end, .control("e"): cursor = characters.count
    case .character(let c):
      characters.insert(c, at: cursor)
      cursor += 1
    default: return .nothing
    }
    input = .prompt(text: String(characters), cursor: cursor, error: nil)
    return .redraw
  }

  /// The status line while the prompt is edited: the error if any, then the text with its
  /// cursor, the end of a long prompt kept in view. A long error is cropped so that at least
  /// a little of the prompt shows; the key reminder goes first when room is short.
  func promptStatus(text: String, cursor: Int, error: String?, width: Int) -> String {
    let characters = Array(text)
    let cursor = min(max(0, cursor), characters.count)
    let label = "prompt: "
    let keys = "  (Enter runs, Esc cancels)"
    let promptRoom = min(characters.count + 1, max(10, width / 3))
    var head = " "
    if let error {
      let errorRoom = width - 1 - DisplayWidth.of(label) - promptRoom - 3
      if errorRoom >= 8 {
        let shown = StyledLine(error).cropped(to: errorRoom).plainText
        head += (shown.count < error.count ? String(shown.dropLast()) + "…" : shown) + " · "
      }
    }
    head += label
    let withKeys = width - DisplayWidth.of(head) - DisplayWidth.of(keys) >= promptRoom
    let tail = withKeys ? keys : ""
    let room = max(1, width - DisplayWidth.of(head) - DisplayWidth.of(tail))
    let after = characters[cursor...]
    // Keep the cursor in view: the end of a long prompt before it, then what fits after it.
    var visible = String(characters[..<cursor].suffix(room)) + (after.isEmpty ? "_" : "|")
    while DisplayWidth.of(visible) > room, visible.count > 1 { visible.removeFirst() }
    for character in after.prefix(room) {
      guard DisplayWidth.of(visible) + DisplayWidth.of(String(character)) <= room else { break }
      visible.append(character)
    }
    return head + visible + tail
  }
}
