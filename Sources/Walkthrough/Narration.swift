import TerminalKit
import TinyGPT
import TraceKit

/// Fills `{placeholders}` in page titles and prose with values from the trace, so the text stays
/// true for any prompt and any model. The names are listed in `Docs/walkthrough-format.md`.
struct Narration {
  let trace: Trace
  let position: WalkthroughPosition

  /// Every placeholder name this build understands.
  static let names: [String] = [
    "prompt", "tokens", "n_tokens", "first_token", "last_token", "model", "d_model", "n_heads",
    "d_head", "d_mlp", "n_layers", "n_ctx", "d_vocab", "act_fn", "layer", "head", "last_layer",
    "top", "top_prob", "second", "second_prob", "chosen", "strongest", "strongest_weight",
    "generated", "cropped", "n_passes", "pass", "unit", "units",
  ]

  /// `text` with every `{name}` replaced and `{{`, `}}` turned into literal braces; unknown
  /// names are left as they are.
  func fill(_ text: String) -> String {
    Self.substitute(text) { name in value(of: name) ?? "{\(name)}" }
  }

  /// The placeholders in `text` that this build does not know.
  static func unknownNames(in text: String) -> [String] {
    var unknown: [String] = []
    _ = substitute(text) { name in
      if !names.contains(name) { unknown.append(name) }
      return ""
    }
    return unknown
  }

  /// Walks `text`, replacing each `{name}` by `replacement(name)`; `{{` and `}}` are escapes.
  static func substitute(_ text: String, _ replacement: (String) -> String) -> String {
    var out = ""
    var i = text.startIndex
    while i < text.endIndex {
      let ch = text[i]
      let next = text.index(after: i)
      if (ch == "{" || ch == "}") && next < text.endIndex && text[next] == ch {
        out.append(ch)
        i = text.index(after: next)
      } else if ch == "{", let close = text[next...].firstIndex(of: "}") {
        out += replacement(String(text[next..<close]))
        i = text.index(after: close)
      } else {
        out.append(ch)
        i = next
      }
    }
    return out
  }

  var pass: Pass { trace.passes[min(position.pass, trace.passes.count - 1)] }

  func value(of name: String) -> String? {
    let c = trace.config
    let tokens = pass.tokens
    switch name {
    case "prompt":
      guard let (start, hidden, end) = promptExcerpt(trace.prompt) else { return trace.prompt }
      return "\(start) … \(hidden) more characters … \(end)"
    case "tokens": return tokens.map { "\"\($0.text)\"" }.joined(separator: ", ")
    case "n_tokens": return "\(tokens.count)"
    case "first_token": return tokens.first.map { "\"\($0.text)\"" }
    case "last_token": return tokens.last.map { "\"\($0.text)\"" }
    case "model": return trace.modelName
    case "d_model": return "\(c.dModel)"
    case "n_heads": return "\(c.nHeads)"
    case "d_head": return "\(c.dHead)"
    case "d_mlp": return "\(c.dMLP)"
    case "n_layers": return "\(c.nLayers)"
    case "n_ctx": return "\(c.nCtx)"
    case "d_vocab": return "\(c.dVocab)"
    case "act_fn": return c.actFn.rawValue
    case "layer": return "\(position.layer)"
    case "head": return "\(position.head)"
    case "last_layer": return "\(c.nLayers - 1)"
    case "top": return pass.candidates.first.map { "\"\($0.text)\"" }
    case "top_prob": return pass.candidates.first.map { percent($0.probability) }
    case "second": return pass.candidates.dropFirst().first.map { "\"\($0.text)\"" }
    case "second_prob": return pass.candidates.dropFirst().first.map { percent($0.probability) }
    case "chosen": return "\"\(pass.chosen.text)\""
    case "strongest", "strongest_weight":
      guard let (key, weight) = strongestAttention() else { return nil }
      return name == "strongest" ? "\"\(tokens[key].text)\"" : NumberText.fixed(weight, decimals: 2)
    case "generated": return trace.tokenizer.decode(trace.passes.map(\.chosen.id))
    case "cropped": return "\(pass.croppedTokenCount)"
    case "n_passes": return "\(trace.passes.count)"
    case "pass": return "\(position.pass + 1)"
    case "unit": return trace.tokenUnit
    case "units": return trace.tokenUnit + "s"
    default: return nil
    }
  }

  /// The key position the last token attends to most in the current layer and head.
  func strongestAttention() -> (key: Int, weight: Float)? {
    guard let pattern = pass.activation(ActivationName(.pattern, layer: position.layer)) else {
      return nil
    }
    let head = pattern.slice(min(position.head, trace.config.nHeads - 1))
    let row = head.row(head.rows - 1)
    guard let best = row.indices.max(by: { row[$0] < row[$1] }) else { return nil }
    return (best, row[best])
  }
}

/// `0.8734` as `87%`; below one percent, two significant digits (`0.42%`, `0.0021%`).
func percent(_ p: Float) -> String {
  let v = Double(p) * 100
  if v >= 1 || v == 0 { return "\(Int(v.rounded()))%" }
  var decimals = 1
  while decimals < 8 && v * pow10(decimals) < 10 { decimals += 1 }
  return NumberText.fixed(Float(v), decimals: decimals) + "%"
}

private func pow10(_ n: Int) -> Double { (0..<n).reduce(1.0) { x, _ in x * 10 } }
