import Testing

@testable import TensorFiles

/// What `ShortestFloat` writes for `value`, as a string.
private func written(_ value: Float) -> String {
  withUnsafeTemporaryAllocation(of: UInt8.self, capacity: ShortestFloat.maxLength) { buffer in
    guard let base = buffer.baseAddress else { return "" }
    let count = ShortestFloat.write(value, to: base)
    return String(decoding: UnsafeBufferPointer(start: base, count: count), as: UTF8.self)
  }
}

/// What the scanner reads from `text`.
private func scanned(_ text: String) throws -> Float {
  try Array(text.utf8).withUnsafeBufferPointer { b in
    var s = JSONScanner(b)
    return try s.readFloat()
  }
}

/// SplitMix64, written here so the test shares no code with the model's generator.
private struct Mix64 {
  var state: UInt64
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}

/// Values where printing goes wrong first: powers of two and ten and their neighbours, the
/// layout thresholds (10⁻⁴, 10⁻⁵, 2²⁴), the ends of the range, subnormals and small integers.
private func edgeValues() -> [Float] {
  var values: [Float] = [
    0, 1, 0.1, 1e-4, 1e-5, 16_777_215, 16_777_216, 33_554_432, 8_388_608.5, 1e7, 123_456.7,
    .leastNormalMagnitude, .leastNonzeroMagnitude, .greatestFiniteMagnitude, 9.9999e-5, 0.00015,
  ]
  for e in -149...127 {
    let p = Float(sign: .plus, exponent: e, significand: 1)
    values += [p, p.nextUp, p.nextDown]
  }
  for e in -45...38 {
    if let p = Float("1e\(e)") { values += [p, p.nextUp, p.nextDown] }
    if let p = Float("5e\(e)") { values += [p, p.nextUp, p.nextDown] }
  }
  values += (1...20_000).map { Float(bitPattern: UInt32($0)) }  // the smallest subnormals
  values += (0...20_000).map { Float($0) }
  values += (0...20_000).map { Float($0) / 1000 }
  return values.filter { $0.isFinite } + values.filter { $0.isFinite }.map { -$0 }
}

@Test func shortestFloatWritesFloatDescriptionForEdgeValues() {
  var mismatches = 0
  for value in edgeValues() where written(value) != value.description {
    mismatches += 1
    if mismatches <= 5 { Issue.record("\(value.bitPattern): \(written(value))") }
  }
  #expect(mismatches == 0)
  #expect(written(-0.0) == "-0.0")
  #expect(written(1e-05) == "1e-05")
  #expect(written(0.0001) == "0.0001")
  #expect(written(1) == "1.0")
  #expect(written(.greatestFiniteMagnitude) == "3.4028235e+38")
  #expect(written(.leastNonzeroMagnitude) == "1e-45")
  #expect(written(16_777_216) == "16777216.0")
  #expect(written(16_777_218) == "1.6777218e+07")
}

/// Random bit patterns (200 000 in the debug build); the release check run by hand
/// compared all 2³² patterns (Docs/performance.md).
@Test func shortestFloatWritesFloatDescriptionForRandomBits() throws {
  var rng = Mix64(state: 7)
  var mismatches = 0
  var unreadable = 0
  for _ in 0..<200_000 {
    let value = Float(bitPattern: UInt32(truncatingIfNeeded: rng.next()))
    guard value.isFinite else { continue }
    let text = written(value)
    if text != value.description {
      mismatches += 1
      if mismatches <= 5 { Issue.record("\(value.bitPattern): \(text)") }
    }
    if try scanned(text).bitPattern != value.bitPattern { unreadable += 1 }
  }
  #expect(mismatches == 0)
  #expect(unreadable == 0)
}

@Test func scannerReadsEdgeValuesAndOtherDecimalsLikeFloatString() throws {
  for value in edgeValues() {
    let text = value.description
    #expect(try scanned(text).bitPattern == value.bitPattern, "\(text)")
  }
  var rng = Mix64(state: 11)
  let forms = [
    "0.000000000000000000000000000000000000000000001", "1E+2", "1e+0", "-0e5", "0.0e-999",
    "1e99999999", "-1e-99999999", "340282356779733661637539395458142568448",
    "340282356779733661637539395458142568447.9", "1.00000005960464477539062499",
    "1.000000059604644775390625", "1.00000005960464477539062501", "7.0064923216240854e-46",
    "7.0064923216240862e-46", "1.4012984643248171e-45", "123456789012345678901234567890e-40",
  ]
  for text in forms {
    #expect(try scanned(text).bitPattern == Float(text)?.bitPattern, "\(text)")
  }
  // Random digit strings of 1 to 25 digits with a point somewhere and an exponent.
  for _ in 0..<50_000 {
    let length = Int(rng.next() % 25) + 1
    var digits = (0..<length).map { _ in Character(String(rng.next() % 10)) }
    digits.insert(".", at: Int(rng.next() % UInt64(length)) + 1)
    if digits.last == "." { digits.append("0") }
    let text = String(digits) + "e\(Int(rng.next() % 100) - 60)"
    #expect(try scanned(text).bitPattern == Float(text)?.bitPattern, "\(text)")
  }
}

@Test func scannerRejectsMalformedNumbers() {
  let cases: [(String, JSONSyntaxError)] = [
    ("-", .unexpectedEnd(offset: 1)), ("1.", .unexpectedEnd(offset: 2)),
    ("1e", .unexpectedEnd(offset: 2)), ("1e+", .unexpectedEnd(offset: 3)),
    (" .5", .malformed(offset: 1, expected: "a number")),
    ("1.e5", .malformed(offset: 0, expected: "a number")),
    ("-x", .malformed(offset: 0, expected: "a number")), ("", .unexpectedEnd(offset: 0)),
  ]
  for (text, error) in cases {
    #expect(throws: error, "\(text)") { try scanned(text) }
  }
}
