/// A hand-written, byte-level JSON reader over a buffer, fast enough for arrays of millions of
/// floats. It reads values in the order the caller asks for them and reports byte offsets.
///
/// Use it inside `withUnsafeBufferPointer`; the scanner must not outlive the buffer.
///
/// Arrays and objects may nest at most `maximumDepth` levels (counted from the document's
/// root, whoever reads them), so hostile input cannot exhaust the stack.
public struct JSONScanner {
  /// The deepest nesting of arrays and objects accepted; deeper input is `.tooDeep`.
  /// Real traces and weights files nest about 6 levels.
  public static let maximumDepth = 64

  /// The whole text.
  public let bytes: UnsafeBufferPointer<UInt8>
  /// The offset of the next unread byte.
  public var offset: Int
  /// The arrays and objects currently open around `offset`.
  public private(set) var depth = 0

  /// A scanner at `offset` in `bytes`.
  public init(_ bytes: UnsafeBufferPointer<UInt8>, offset: Int = 0) {
    self.bytes = bytes
    self.offset = offset
  }

  /// Whether only whitespace is left.
  public mutating func isAtEnd() -> Bool {
    skipWhitespace()
    return offset >= bytes.count
  }

  /// Moves past spaces, tabs and line breaks.
  @inline(__always)
  public mutating func skipWhitespace() {
    while offset < bytes.count {
      let b = bytes[offset]
      if b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 { offset += 1 } else { return }
    }
  }

  /// The next non-whitespace byte, without consuming it.
  @inline(__always)
  public mutating func peek() throws(JSONSyntaxError) -> UInt8 {
    skipWhitespace()
    guard offset < bytes.count else { throw .unexpectedEnd(offset: offset) }
    return bytes[offset]
  }

  /// Consumes `byte` (after whitespace) or throws naming `what` was expected.
  @inline(__always)
  public mutating func expect(_ byte: UInt8, _ what: String) throws(JSONSyntaxError) {
    guard try peek() == byte else { throw .malformed(offset: offset, expected: what) }
    offset += 1
  }

  /// Consumes `null` if it comes next.
  public mutating func readNullIfPresent() throws(JSONSyntaxError) -> Bool {
    guard try peek() == UInt8(ascii: "n") else { return false }
    try literal("null")
    return true
  }

  /// Reads `true` or `false`.
  public mutating func readBool() throws(JSONSyntaxError) -> Bool {
    switch try peek() {
    case UInt8(ascii: "t"):
      try literal("true")
      return true
    case UInt8(ascii: "f"):
      try literal("false")
      return false
    default: throw .malformed(offset: offset, expected: "true or false")
    }
  }

  private mutating func literal(_ word: StaticString) throws(JSONSyntaxError) {
    let start = offset
    for i in 0..<word.utf8CodeUnitCount {
      guard offset < bytes.count else { throw .unexpectedEnd(offset: offset) }
      guard bytes[offset] == word.utf8Start[i] else {
        throw .malformed(offset: start, expected: "\(word)")
      }
      offset += 1
    }
  }

  /// Consumes the opening byte of an array or object and counts one more level of nesting.
  private mutating func open(_ byte: UInt8, _ what: String) throws(JSONSyntaxError) {
    try expect(byte, what)
    guard depth < Self.maximumDepth else {
      throw .tooDeep(offset: offset - 1, limit: Self.maximumDepth)
    }
    depth += 1
  }

  /// Reads an object, calling `body` with each key; `body` must read (or skip) the value.
  public mutating func readObject(
    _ body: (inout JSONScanner, String) throws -> Void
  ) throws {
    try open(UInt8(ascii: "{"), "'{'")
    defer { depth -= 1 }
    if try peek() == UInt8(ascii: "}") {
      offset += 1
      return
    }
    while true {
      let key = try readString()
      try expect(UInt8(ascii: ":"), "':' after a key")
      try body(&self, key)
      let next = try peek()
      offset += 1
      if next == UInt8(ascii: "}") { return }
      guard next == UInt8(ascii: ",") else {
        throw JSONSyntaxError.malformed(offset: offset - 1, expected: "',' or '}'")
      }
    }
  }

  /// Reads an array, calling `body` with each element's index; `body` must read the element.
  public mutating func readArray(_ body: (inout JSONScanner, Int) throws -> Void) throws {
    try open(UInt8(ascii: "["), "'['")
    defer { depth -= 1 }
    if try peek() == UInt8(ascii: "]") {
      offset += 1
      return
    }
    var index = 0
    while true {
      try body(&self, index)
      index += 1
      let next = try peek()
      offset += 1
      if next == UInt8(ascii: "]") { return }
      guard next == UInt8(ascii: ",") else {
        throw JSONSyntaxError.malformed(offset: offset - 1, expected: "',' or ']'")
      }
    }
  }

  /// Reads an array of strings.
  public mutating func readStringArray() throws -> [String] {
    var out: [String] = []
    try readArray { s, _ in out.append(try s.readString()) }
    return out
  }

  /// Reads an array of integers.
  public mutating func readIntArray() throws -> [Int] {
    var out: [Int] = []
    try readArray { s, _ in out.append(try s.readInt()) }
    return out
  }

  /// Skips one value of any kind and returns the byte range it occupied; nesting deeper than
  /// `maximumDepth` is an error, not a stack overflow.
  @discardableResult
  public mutating func skipValue() throws -> Range<Int> {
    let first = try peek()
    let start = offset
    switch first {
    case UInt8(ascii: "{"): try readObject { s, _ in try s.skipValue() }
    case UInt8(ascii: "["): try readArray { s, _ in try s.skipValue() }
    case UInt8(ascii: "\""): _ = try readString()
    case UInt8(ascii: "t"), UInt8(ascii: "f"): _ = try readBool()
    case UInt8(ascii: "n"): _ = try readNullIfPresent()
    default: _ = try readDouble()
    }
    return start..<offset
  }
}
