extension JSONScanner {
  /// Reads a string, decoding escapes; refuses raw control characters and invalid UTF-8.
  public mutating func readString() throws(JSONSyntaxError) -> String {
    try expect(UInt8(ascii: "\""), "a string")
    let start = offset
    while offset < bytes.count {
      let b = bytes[offset]
      if b == UInt8(ascii: "\"") {
        let text = UnsafeBufferPointer(rebasing: bytes[start..<offset])
        offset += 1
        return try validated(text, at: start)
      }
      if b == UInt8(ascii: "\\") { return try readEscapedString(start: start) }
      if b < 0x20 {
        throw .malformed(offset: offset, expected: "no raw control character in a string")
      }
      offset += 1
    }
    throw .unexpectedEnd(offset: offset)
  }

  /// The slow path of `readString`, from the first backslash on.
  private mutating func readEscapedString(start: Int) throws(JSONSyntaxError) -> String {
    var out = Array(UnsafeBufferPointer(rebasing: bytes[start..<offset]))
    while offset < bytes.count {
      let b = bytes[offset]
      offset += 1
      if b == UInt8(ascii: "\"") { return try validated(out, at: start) }
      if b < 0x20 {
        throw .malformed(offset: offset - 1, expected: "no raw control character in a string")
      }
      guard b == UInt8(ascii: "\\") else {
        out.append(b)
        continue
      }
      guard offset < bytes.count else { throw .unexpectedEnd(offset: offset) }
      let e = bytes[offset]
      offset += 1
      switch e {
      case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(e)
      case UInt8(ascii: "b"): out.append(0x08)
      case UInt8(ascii: "f"): out.append(0x0C)
      case UInt8(ascii: "n"): out.append(0x0A)
      case UInt8(ascii: "r"): out.append(0x0D)
      case UInt8(ascii: "t"): out.append(0x09)
      case UInt8(ascii: "u"):
        var scalar = try readHex4()
        if (0xD800..<0xDC00).contains(scalar) {
          // A high surrogate must be followed by an escaped low surrogate.
          let at = offset
          guard offset + 1 < bytes.count, bytes[offset] == UInt8(ascii: "\\"),
            bytes[offset + 1] == UInt8(ascii: "u")
          else { throw .malformed(offset: at, expected: "a low surrogate \\u escape") }
          offset += 2
          let low = try readHex4()
          guard (0xDC00..<0xE000).contains(low) else {
            throw .malformed(offset: at, expected: "a low surrogate \\u escape")
          }
          scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
        }
        guard let unicode = Unicode.Scalar(scalar) else {
          throw .malformed(offset: offset - 6, expected: "a valid unicode scalar")
        }
        out.append(contentsOf: String(Character(unicode)).utf8)
      default: throw .malformed(offset: offset - 1, expected: "a valid escape after '\\'")
      }
    }
    throw .unexpectedEnd(offset: offset)
  }

  private mutating func readHex4() throws(JSONSyntaxError) -> UInt32 {
    var value: UInt32 = 0
    for _ in 0..<4 {
      guard offset < bytes.count else { throw .unexpectedEnd(offset: offset) }
      let b = bytes[offset]
      let digit: UInt32
      switch b {
      case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(b - UInt8(ascii: "0"))
      case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(b - UInt8(ascii: "a") + 10)
      case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(b - UInt8(ascii: "A") + 10)
      default: throw .malformed(offset: offset, expected: "a hex digit")
      }
      value = value << 4 | digit
      offset += 1
    }
    return value
  }

  private func validated<C: Collection<UInt8>>(
    _ utf8: C, at start: Int
  ) throws(JSONSyntaxError) -> String {
    guard let text = String(validating: utf8, as: UTF8.self) else {
      throw .malformed(offset: start, expected: "valid UTF-8 in a string")
    }
    return text
  }
}
