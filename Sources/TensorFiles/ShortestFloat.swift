/// The shortest decimal text that reads back to the same `Float`, byte for byte what
/// `Float.description` prints, written straight into a byte buffer.
///
/// The digits come from Ryū (Ulf Adams, "Ryū: fast float-to-string conversion", PLDI 2018) for
/// binary32: the shortest digit string inside the interval of decimals that round to the value
/// (bounds included when the significand is even), and of those the closest to the exact value
/// (ties to even). The layout then follows the standard library's rules: exponential form
/// (`1e-05`, `1.6777218e+07`, at least two exponent digits) below 10⁻⁴ and from 2²⁴ up
/// (2²⁴ itself excepted), otherwise positional with at least one digit after the point (`0.0001`,
/// `100.0`, `16777216.0`).
enum ShortestFloat {
  /// The most bytes `write` produces (`-1.2345678e-38` is 14).
  static let maxLength = 16

  /// Writes finite `value` at `out`, which has room for `maxLength` bytes, and returns the
  /// number of bytes written.
  @inline(__always)
  static func write(_ value: Float, to out: UnsafeMutablePointer<UInt8>) -> Int {
    let bits = value.bitPattern
    let fraction = bits & 0x7F_FFFF
    let biasedExponent = (bits >> 23) & 0xFF
    var p = out
    if bits >> 31 != 0 {
      p.pointee = UInt8(ascii: "-")
      p += 1
    }
    if biasedExponent == 0 && fraction == 0 {
      p[0] = UInt8(ascii: "0")
      p[1] = UInt8(ascii: ".")
      p[2] = UInt8(ascii: "0")
      return out.distance(to: p) + 3
    }
    let (digits, exponent10) = shortestDigits(fraction: fraction, biasedExponent: biasedExponent)
    let count = decimalLength(digits)
    let leading = exponent10 + Int32(count) - 1  // decimal exponent of the first digit
    let large = biasedExponent > 151 || (biasedExponent == 151 && fraction != 0)  // ≥ 2^24, ≠ 2^24
    if leading < -4 || large {
      return out.distance(to: p) + exponential(digits, count, leading, to: p)
    }
    if leading < 0 {
      // "0.000ddd": the point, then -leading - 1 zeros, then the digits.
      let zeros = Int(-leading) - 1
      p[0] = UInt8(ascii: "0")
      p[1] = UInt8(ascii: ".")
      for z in 0..<zeros { p[2 + z] = UInt8(ascii: "0") }
      writeDigits(digits, count, endingAt: p + 2 + zeros + count)
      return out.distance(to: p) + 2 + zeros + count
    }
    let integerDigits = Int(leading) + 1
    if integerDigits < count {
      // "ddd.ddd": the digits one place right, then the first ones back left of the point.
      writeDigits(digits, count, endingAt: p + count + 1)
      for i in 0..<integerDigits { p[i] = p[i + 1] }
      p[integerDigits] = UInt8(ascii: ".")
      return out.distance(to: p) + count + 1
    }
    // "ddd000.0": trailing zeros up to the point, then ".0".
    writeDigits(digits, count, endingAt: p + count)
    for z in count..<integerDigits { p[z] = UInt8(ascii: "0") }
    p[integerDigits] = UInt8(ascii: ".")
    p[integerDigits + 1] = UInt8(ascii: "0")
    return out.distance(to: p) + integerDigits + 2
  }

  /// Writes `d.ddde±XX` (no point for a single digit) and returns its length.
  @inline(__always)
  private static func exponential(
    _ digits: UInt32, _ count: Int, _ leading: Int32, to p: UnsafeMutablePointer<UInt8>
  ) -> Int {
    writeDigits(digits, count, endingAt: p + count + 1)
    p[0] = p[1]
    var length = 1
    if count > 1 {
      p[1] = UInt8(ascii: ".")
      length = count + 1
    }
    p[length] = UInt8(ascii: "e")
    p[length + 1] = leading < 0 ? UInt8(ascii: "-") : UInt8(ascii: "+")
    let magnitude = UInt32(leading.magnitude)  // at most 45 for a Float
    p[length + 2] = UInt8(truncatingIfNeeded: 0x30 + magnitude / 10)
    p[length + 3] = UInt8(truncatingIfNeeded: 0x30 + magnitude % 10)
    return length + 4
  }

  /// Writes the `count` decimal digits of `value` so that the last one lands just before `end`,
  /// two at a time.
  @inline(__always)
  private static func writeDigits(
    _ value: UInt32, _ count: Int, endingAt end: UnsafeMutablePointer<UInt8>
  ) {
    let pairs = digitPairs.utf8Start
    var v = value
    var p = end
    var left = count
    while left >= 2 {
      let q = v / 100
      let pair = Int(v &- q &* 100) &* 2
      p -= 2
      p[0] = pairs[pair]
      p[1] = pairs[pair &+ 1]
      v = q
      left &-= 2
    }
    if left == 1 { (p - 1).pointee = UInt8(truncatingIfNeeded: 0x30 &+ v) }
  }

  /// "00", "01", … "99" back to back.
  private static let digitPairs: StaticString = """
    00010203040506070809101112131415161718192021222324252627282930313233343536373839\
    40414243444546474849505152535455565758596061626364656667686970717273747576777879\
    8081828384858687888990919293949596979899
    """

  /// The number of decimal digits of `v` (1…9; Ryū's output for a Float is below 10⁹).
  @inline(__always)
  static func decimalLength(_ v: UInt32) -> Int {
    if v >= 100_000_000 { return 9 }
    if v >= 10_000_000 { return 8 }
    if v >= 1_000_000 { return 7 }
    if v >= 100_000 { return 6 }
    if v >= 10_000 { return 5 }
    if v >= 1000 { return 4 }
    if v >= 100 { return 3 }
    if v >= 10 { return 2 }
    return 1
  }
}
