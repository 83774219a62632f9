/// A short, one-line quotation of text that came from a file or the command line, for error
/// messages: at most `limit` Unicode scalars (then `…`), control characters escaped.
///
/// Every message that echoes input goes through this, so a 200 MB string in a file gives a
/// short error line, never a 200 MB one, and a newline in a value never splits the line.
public func excerpt(_ text: some StringProtocol, limit: Int = 40) -> String {
  var out = ""
  var count = 0
  for scalar in text.unicodeScalars {
    if count == limit { return out + "…" }
    count += 1
    switch scalar.value {
    case 0x0A: out += "\\n"
    case 0x0D: out += "\\r"
    case 0x09: out += "\\t"
    case 0..<0x20, 0x7F..<0xA0, 0x2028, 0x2029:
      out += "\\u{" + String(scalar.value, radix: 16) + "}"
    default: out.unicodeScalars.append(scalar)
    }
  }
  return out
}
