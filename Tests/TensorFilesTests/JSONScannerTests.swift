import Testing

@testable import TensorFiles

private func scanFloat(_ text: String) throws -> Float {
  try Array(text.utf8).withUnsafeBufferPointer { b in
    var s = JSONScanner(b)
    return try s.readFloat()
  }
}

/// SplitMix64, written here so the test shares no code with the model's generator.
private struct TestRandom {
  var state: UInt64
  init(seed: UInt64) { state = seed }
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}

@Test func floatParsingMatchesSwiftForRandomBitsAndDecimals() throws {
  var rng = TestRandom(seed: 42)
  for _ in 0..<200_000 {
    let f = Float(bitPattern: UInt32(truncatingIfNeeded: rng.next()))
    guard f.isFinite else { continue }
    #expect(try scanFloat(f.description).bitPattern == f.bitPattern, "\(f)")
  }
  // Decimals that are not shortest forms, compared with Swift's own parser.
  for _ in 0..<50_000 {
    let digits = String(rng.next() % 100_000_000_000)
    let exponent = Int(rng.next() % 90) - 50
    let text = "\(digits)e\(exponent)"
    #expect(try scanFloat(text).bitPattern == Float(text)?.bitPattern, "\(text)")
    let fraction = "0.\(digits)"
    #expect(try scanFloat(fraction).bitPattern == Float(fraction)?.bitPattern, "\(fraction)")
  }
  for text in [
    "-0.0", "0", "1e-45", "3.4028235e+38", "1.17549435e-38", "123456789012345678901234567890",
  ] {
    #expect(try scanFloat(text).bitPattern == Float(text)?.bitPattern, "\(text)")
  }
}

@Test func scannerReportsOffsetsAndEscapes() throws {
  let text = #"{"a": "q\"\\\n\u00e9\ud83d\ude00 ✓", "b": [1, 2,, 3]}"#
  let bytes = Array(text.utf8)
  var a = ""
  let error = bytes.withUnsafeBufferPointer { b -> (any Error)? in
    var s = JSONScanner(b)
    do {
      try s.readObject { s, key in
        if key == "a" { a = try s.readString() } else { _ = try s.readIntArray() }
      }
      return nil
    } catch { return error }
  }
  #expect(a == "q\"\\\né😀 ✓")
  let offset = text.utf8.count - 5  // the second comma of ",, 3]}"
  #expect((error as? JSONSyntaxError) == .malformed(offset: offset, expected: "an integer"))
}

@Test func writerEscapesStringsAndRoundTrips() throws {
  let samples = ["plain", "quote \" back \\ slash", "ctl \u{01}\u{1F}\t\r\n", "ünï 😀", ""]
  for sample in samples {
    var w = JSONWriter()
    w.string(sample)
    #expect(!w.bytes.contains { $0 < 0x20 })
    let back = try w.bytes.withUnsafeBufferPointer { b in
      var s = JSONScanner(b)
      return try s.readString()
    }
    #expect(back == sample)
  }
}
