#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Exact powers of ten as doubles (all exactly representable up to 1e22).
private let powersOfTen: [Double] = (0...22).map { e in
  var p = 1.0
  for _ in 0..<e { p *= 10 }
  return p
}

extension JSONScanner {
  /// Reads an integer (no fraction, no exponent).
  public mutating func readInt() throws(JSONSyntaxError) -> Int {
    let first = try peek()
    let start = offset
    let negative = first == UInt8(ascii: "-")
    if negative { offset += 1 }
    var value = 0
    var digits = 0
    while offset < bytes.count, case let d = bytes[offset] &- 0x30, d < 10 {
      let (times10, o1) = value.multipliedReportingOverflow(by: 10)
      let (sum, o2) = times10.addingReportingOverflow(Int(d))
      if o1 || o2 { throw .malformed(offset: start, expected: "an integer that fits in 64 bits") }
      value = sum
      digits += 1
      offset += 1
    }
    if digits == 0 {
      if offset >= bytes.count { throw .unexpectedEnd(offset: offset) }
      throw .malformed(offset: start, expected: "an integer")
    }
    if offset < bytes.count,
      [UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E")].contains(bytes[offset])
    {
      throw .malformed(offset: start, expected: "an integer")
    }
    return negative ? -value : value
  }

  /// Reads a non-negative integer up to `UInt64.max`.
  public mutating func readUInt64() throws(JSONSyntaxError) -> UInt64 {
    _ = try peek()
    let start = offset
    var value: UInt64 = 0
    var digits = 0
    while offset < bytes.count, case let d = bytes[offset] &- 0x30, d < 10 {
      let (times10, o1) = value.multipliedReportingOverflow(by: 10)
      let (sum, o2) = times10.addingReportingOverflow(UInt64(d))
      if o1 || o2 { throw .malformed(offset: start, expected: "an unsigned 64-bit integer") }
      value = sum
      digits += 1
      offset += 1
    }
    if digits == 0 {
      if offset >= bytes.count { throw .unexpectedEnd(offset: offset) }
      throw .malformed(offset: start, expected: "an unsigned integer")
    }
    return value
  }

  /// Reads a number as a Double (correctly rounded, via `strtod`).
  public mutating func readDouble() throws(JSONSyntaxError) -> Double {
    let token = try scanNumber()
    return withCString(token) { strtod($0, nil) }
  }

  /// Reads a number as a Float, correctly rounded: the same bits as `Float(String)`.
  ///
  /// Short decimals (like those `Float.description` prints) take an exact fast path: one
  /// correctly rounded double operation on exact operands, then one rounding to Float, which is
  /// exact unless the double lands exactly on a Float halfway point; that case, subnormals and
  /// long decimals go to `strtof`.
  @inline(__always)
  public mutating func readFloat() throws(JSONSyntaxError) -> Float {
    let token = try scanNumber()
    let (start, end) = (token.lowerBound, token.upperBound)
    var i = start
    let negative = bytes[i] == UInt8(ascii: "-")
    if negative { i += 1 }
    var mantissa: UInt64 = 0
    var digits = 0
    var exponent = 0
    var exact = true
    var inFraction = false
    while i < end {
      let b = bytes[i]
      if b == UInt8(ascii: ".") {
        inFraction = true
      } else if b == UInt8(ascii: "e") || b == UInt8(ascii: "E") {
        break
      } else {
        let d = UInt64(b &- 0x30)
        if mantissa == 0 && d == 0 {
          if inFraction { exponent -= 1 }
        } else if digits < 19 {
          mantissa = mantissa &* 10 &+ d
          digits += 1
          if inFraction { exponent -= 1 }
        } else {
          if d != 0 { exact = false }
          if !inFraction { exponent += 1 }
        }
      }
      i += 1
    }
    if i < end {
      i += 1
      var expNegative = false
      if bytes[i] == UInt8(ascii: "-") || bytes[i] == UInt8(ascii: "+") {
        expNegative = bytes[i] == UInt8(ascii: "-")
        i += 1
      }
      var e = 0
      while i < end {
        if e < 100_000 { e = e * 10 + Int(bytes[i] &- 0x30) }
        i += 1
      }
      exponent += expNegative ? -e : e
    }
    if mantissa == 0 { return negative ? -0.0 : 0.0 }
    if exact && mantissa <= 1 << 53 && exponent >= -22 && exponent <= 22 {
      let m = Double(mantissa)
      let d = exponent >= 0 ? m * powersOfTen[exponent] : m / powersOfTen[-exponent]
      let lowBits = d.bitPattern & 0x1FFF_FFFF
      if d >= Double(Float.leastNormalMagnitude) && lowBits != 0x1000_0000 {
        let f = Float(d)
        return negative ? -f : f
      }
    }
    return withCString(token) { strtof($0, nil) }
  }

  /// Reads an array of floats; `null` elements become `nullValue`, or are an error if it is nil.
  public mutating func readFloats(
    into values: inout [Float], nullValue: Float? = nil
  ) throws(JSONSyntaxError) {
    try expect(UInt8(ascii: "["), "'['")
    if try peek() == UInt8(ascii: "]") {
      offset += 1
      return
    }
    while true {
      if try peek() == UInt8(ascii: "n") {
        guard let nullValue else { throw .malformed(offset: offset, expected: "a number") }
        _ = try readNullIfPresent()
        values.append(nullValue)
      } else {
        values.append(try readFloat())
      }
      let next = try peek()
      offset += 1
      if next == UInt8(ascii: "]") { return }
      guard next == UInt8(ascii: ",") else {
        throw .malformed(offset: offset - 1, expected: "',' or ']'")
      }
    }
  }

  /// Moves past one JSON number, checking its grammar, and returns its byte range.
  @inline(__always)
  private mutating func scanNumber() throws(JSONSyntaxError) -> Range<Int> {
    _ = try peek()
    let start = offset
    @inline(__always) func digitRun() throws(JSONSyntaxError) {
      let first = offset
      while offset < bytes.count, bytes[offset] &- 0x30 < 10 { offset += 1 }
      if offset == first {
        if offset >= bytes.count { throw .unexpectedEnd(offset: offset) }
        throw .malformed(offset: start, expected: "a number")
      }
    }
    if bytes[offset] == UInt8(ascii: "-") { offset += 1 }
    try digitRun()
    if offset < bytes.count && bytes[offset] == UInt8(ascii: ".") {
      offset += 1
      try digitRun()
    }
    if offset < bytes.count && (bytes[offset] | 0x20) == UInt8(ascii: "e") {
      offset += 1
      if offset < bytes.count
        && (bytes[offset] == UInt8(ascii: "-") || bytes[offset] == UInt8(ascii: "+"))
      {
        offset += 1
      }
      try digitRun()
    }
    return start..<offset
  }

  /// Calls `body` with the bytes of `range` as a NUL-terminated C string.
  private func withCString<R>(_ range: Range<Int>, _ body: (UnsafePointer<CChar>) -> R) -> R {
    withUnsafeTemporaryAllocation(of: CChar.self, capacity: range.count + 1) { buffer in
      for (j, i) in range.enumerated() { buffer[j] = CChar(bitPattern: bytes[i]) }
      buffer[range.count] = 0
      guard let base = buffer.baseAddress else { return body("") }
      return body(UnsafePointer(base))
    }
  }
}
