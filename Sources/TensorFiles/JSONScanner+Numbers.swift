#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// 10⁰ … 10²², every one exact in a Double.
private let powersOfTen: [Double] = [
  1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
  1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
]

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
  /// One pass over the bytes checks the JSON number grammar and gathers the digits (up to 19,
  /// leading zeros included) and the decimal exponent. Short decimals (like those `Float.description` prints) then
  /// take an exact fast path: one correctly rounded double operation on exact operands, then one
  /// rounding to Float, which is exact unless the double lands exactly on a Float halfway point;
  /// that case, subnormals, large exponents and long decimals go to `strtof`.
  @inline(__always)
  public mutating func readFloat() throws(JSONSyntaxError) -> Float {
    skipWhitespace()
    let start = offset
    let end = bytes.count
    guard start < end, let base = bytes.baseAddress else { throw .unexpectedEnd(offset: start) }
    var i = start
    let negative = base[i] == UInt8(ascii: "-")
    if negative { i &+= 1 }
    var mantissa: UInt64 = 0  // every digit, leading zeros included; wraps past 19 digits
    let integerStart = i
    while i < end, case let d = base[i] &- 0x30, d < 10 {
      mantissa = mantissa &* 10 &+ UInt64(d)
      i &+= 1
    }
    var digits = i &- integerStart
    if digits == 0 { throw missingDigit(i, start: start) }
    var exponent = 0
    if i < end && base[i] == UInt8(ascii: ".") {
      i &+= 1
      let fractionStart = i
      while i < end, case let d = base[i] &- 0x30, d < 10 {
        mantissa = mantissa &* 10 &+ UInt64(d)
        i &+= 1
      }
      if i == fractionStart { throw missingDigit(i, start: start) }
      digits &+= i &- fractionStart
      exponent = fractionStart &- i
    }
    if i < end && base[i] | 0x20 == UInt8(ascii: "e") {
      i &+= 1
      var exponentNegative = false
      if i < end && (base[i] == UInt8(ascii: "-") || base[i] == UInt8(ascii: "+")) {
        exponentNegative = base[i] == UInt8(ascii: "-")
        i &+= 1
      }
      let exponentStart = i
      var e = 0
      while i < end, case let d = base[i] &- 0x30, d < 10 {
        if e < 100_000 { e = e &* 10 &+ Int(d) }
        i &+= 1
      }
      if i == exponentStart { throw missingDigit(i, start: start) }
      exponent &+= exponentNegative ? -e : e
    }
    offset = i
    // Up to 19 digits fit in `mantissa` exactly (10¹⁹ < 2⁶⁴); longer numbers go to `strtof`.
    if digits <= 19 && mantissa == 0 { return negative ? -0.0 : 0.0 }
    if digits <= 19 && mantissa <= 1 << 53 && exponent >= -22 && exponent <= 22 {
      let m = Double(mantissa)
      let d = exponent >= 0 ? m * powersOfTen[exponent] : m / powersOfTen[-exponent]
      let lowBits = d.bitPattern & 0x1FFF_FFFF
      if d >= Double(Float.leastNormalMagnitude) && lowBits != 0x1000_0000 {
        let f = Float(d)
        return negative ? -f : f
      }
    }
    return withCString(start..<i) { strtof($0, nil) }
  }

  /// The grammar error for a number starting at `start` that lacks a digit at `i`.
  private func missingDigit(_ i: Int, start: Int) -> JSONSyntaxError {
    i >= bytes.count ? .unexpectedEnd(offset: i) : .malformed(offset: start, expected: "a number")
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
