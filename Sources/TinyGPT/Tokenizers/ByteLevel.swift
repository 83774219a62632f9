/// GPT-2's reversible map between bytes and printable characters, so that a byte-level
/// vocabulary can be written as ordinary strings (`Ġ` is the space byte, `Ċ` the newline).
public enum ByteLevel {
  /// The character standing for each byte value (GPT-2 `bytes_to_unicode`).
  public static let characters: [Unicode.Scalar] = {
    // Printable bytes stand for themselves; the others are moved to U+0100 onwards, in order.
    func printable(_ b: Int) -> Bool {
      (33...126).contains(b) || (161...172).contains(b) || b >= 174
    }
    var table = [Unicode.Scalar](repeating: " ", count: 256)
    var next = 256
    for b in 0..<256 {
      let code = printable(b) ? b : next
      if !printable(b) { next += 1 }
      table[b] = Unicode.Scalar(UInt32(code)) ?? " "
    }
    return table
  }()

  /// The byte each table character stands for, indexed by scalar value (`-1`: not a byte).
  static let bytesByScalar: [Int16] = {
    var table = [Int16](repeating: -1, count: 324)
    for (b, scalar) in characters.enumerated() { table[Int(scalar.value)] = Int16(b) }
    return table
  }()

  /// The byte `scalar` stands for, if it is one of the table's characters.
  public static func byte(for scalar: Unicode.Scalar) -> UInt8? {
    let v = Int(scalar.value)
    guard v < bytesByScalar.count, bytesByScalar[v] >= 0 else { return nil }
    return UInt8(bytesByScalar[v])
  }

  /// The string of table characters for `bytes`.
  public static func encode(_ bytes: some Sequence<UInt8>) -> String {
    var s = String.UnicodeScalarView()
    for b in bytes { s.append(characters[Int(b)]) }
    return String(s)
  }

  /// The bytes a vocabulary entry stands for; characters outside the table stand for their
  /// own UTF-8 bytes.
  public static func decode(_ token: String, into bytes: inout [UInt8]) {
    for scalar in token.unicodeScalars {
      if let b = byte(for: scalar) {
        bytes.append(b)
      } else {
        bytes.append(contentsOf: String(scalar).utf8)
      }
    }
  }
}
