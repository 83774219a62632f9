/// A command's help, built as a value and rendered at a width at the end.
struct Help {
  var usage: String
  var abstract: String
  var discussion: String = ""
  /// The options the command accepts, declared in `Options` (the top-level help lists commands).
  var options: [OptionSpec] = []
  /// The heading of `options` (the top-level help lists commands there).
  var optionsTitle = "OPTIONS"
  var examples: [String] = []

  /// The help text wrapped to `width` columns.
  func rendered(width: Int) -> String {
    var lines = hanging("USAGE: \(usage)", width: width, indent: "         ") + [""]
    lines += wrap(abstract, width: width, indent: "")
    if !discussion.isEmpty { lines += [""] + wrap(discussion, width: width, indent: "") }
    if !options.isEmpty {
      lines += ["", "\(optionsTitle):"]
      let column = min(28, (options.map(\.flags.count).max() ?? 0) + 4)
      for option in options {
        let lead = "  " + option.flags
        let pad = String(repeating: " ", count: column)
        let body = wrap(option.help, width: max(20, width - column), indent: "")
        if lead.count + 2 <= column, let first = body.first {
          lines.append(lead + String(repeating: " ", count: column - lead.count) + first)
          lines += body.dropFirst().map { pad + $0 }
        } else {
          lines.append(lead)
          lines += body.map { pad + $0 }
        }
      }
    }
    if !examples.isEmpty {
      lines +=
        ["", "EXAMPLES:"]
        + examples.flatMap { hanging($0, width: width, lead: "  ", indent: "      ") }
    }
    return lines.joined(separator: "\n") + "\n"
  }
}

/// `text` wrapped to `width`, the first line after `lead`, the others after `indent`.
func hanging(_ text: String, width: Int, lead: String = "", indent: String) -> [String] {
  let lines = wrap(text, width: width - lead.count, indent: "")
  guard let first = lines.first else { return [] }
  let rest = wrap(lines.dropFirst().joined(separator: " "), width: width, indent: indent)
  return [lead + first] + rest
}

/// Greedy word wrap of `text` to `width` columns.
func wrap(_ text: String, width: Int, indent: String) -> [String] {
  var lines: [String] = []
  var line = indent
  for word in text.split(separator: " ") {
    if line.count > indent.count && line.count + 1 + word.count > width {
      lines.append(line)
      line = indent
    }
    line += (line.count > indent.count ? " " : "") + word
  }
  if line.count > indent.count { lines.append(line) }
  return lines
}
