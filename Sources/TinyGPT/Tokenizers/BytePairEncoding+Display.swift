extension BytePairEncoding {
  /// One token as pages show it: its text, with a space drawn as `␣`, newline, tab and
  /// carriage return as `\n` `\t` `\r`, and any byte that is not part of a whole UTF-8
  /// character in this token (a piece of a split character) or is a control byte as `<0xE2>`.
  public func displayText(of id: Int) -> String {
    guard vocabulary.indices.contains(id) else { return "<\(id)>" }
    let token = vocabulary[id]
    if specialTokens.contains(token) { return token }
    var bytes: [UInt8] = []
    ByteLevel.decode(token, into: &bytes)
    return Self.displayText(ofBytes: bytes)
  }

  /// The readable form of any bytes (see `displayText(of:)`).
  public static func displayText(ofBytes bytes: [UInt8]) -> String {
    var out = ""
    var i = 0
    while i < bytes.count {
      let lead = bytes[i]
      let length =
        lead < 0x80
        ? 1
        : lead >= 0xC2 && lead < 0xE0
          ? 2
          : lead >= 0xE0 && lead < 0xF0
            ? 3
            : lead >= 0xF0 && lead < 0xF5 ? 4 : 0
      if length > 0, i + length <= bytes.count,
        let text = String(validating: bytes[i..<(i + length)], as: UTF8.self),
        let scalar = text.unicodeScalars.first
      {
        switch scalar {
        case " ": out += "␣"
        case "\n": out += "\\n"
        case "\t": out += "\\t"
        case "\r": out += "\\r"
        default:
          if scalar.value < 0x20 || scalar.value == 0x7F {
            out += "<0x\(hexByte(lead))>"
          } else {
            out.unicodeScalars.append(scalar)
          }
        }
        i += length
      } else {
        out += "<0x\(hexByte(lead))>"
        i += 1
      }
    }
    return out
  }
}
