import Testing

@testable import TensorFiles

/// The engines this processor can run: the portable Swift rounds, and the SHA extensions when
/// the processor has them.
private let sha256Engines: [SHA256.Engine] =
  SHA256.hardwareSupported ? [.portable, .hardware] : [.portable]

/// The lowercase hex digest of `bytes` from a hasher using `engine`.
private func sha256Hex(_ bytes: [UInt8], engine: SHA256.Engine) -> String {
  var hasher = SHA256(engine: engine)
  hasher.update(bytes)
  return SHA256.hexString(hasher.finalize())
}

/// The examples of FIPS 180-4 (NIST's "SHA256.pdf" and the short and long message tests).
@Test(arguments: sha256Engines) func sha256StandardVectors(engine: SHA256.Engine) {
  #expect(
    sha256Hex([], engine: engine)
      == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
  #expect(
    sha256Hex(Array("abc".utf8), engine: engine)
      == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
  // 448 bits: the padding needs a second block.
  #expect(
    sha256Hex(
      Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8), engine: engine)
      == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
  // 896 bits.
  let long =
    "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu"
  #expect(
    sha256Hex(Array(long.utf8), engine: engine)
      == "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1")
  #expect(
    sha256Hex([UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000), engine: engine)
      == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
}

@Test func sha256StreamingMatchesOneShot() {
  let message = [UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)
  var hasher = SHA256()
  var start = 0
  for size in [1, 63, 64, 65, 127, 1000, 7] {
    hasher.update(Array(message[start..<(start + size)]))
    start += size
  }
  hasher.update(Array(message[start...]))
  #expect(SHA256.hexString(hasher.finalize()) == SHA256.hex(of: message))
}

/// Messages of lengths around the 64-byte block and the 56-byte padding boundary, and long ones,
/// with digests computed independently (Python's `hashlib.sha256`) of the bytes
/// `(7 * i + 3) % 251` for i = 0 ..< length.
@Test(arguments: sha256Engines) func sha256LengthsAroundBlockBoundaries(engine: SHA256.Engine) {
  let expected: [(Int, String)] = [
    (1, "084fed08b978af4d7d196a7446a86b58009e636b611db16211b65a9aadff29c5"),
    (55, "1deace58c745f3ecadde68a5923f494c3703fa73f0306483ccb898a5826e8d70"),
    (56, "06dbe23685750e4d3881ded95047abaf93fa8f9c5d3501dc57c717a72ff1398e"),
    (57, "011f4bced20a249afb834d24b3e4eca31ad5ea2bdd1d8a1a564c2d2410398e69"),
    (63, "47fb38b12335c9298d09280515c0666489a189d1554bb0ac1a0740806ce9d8b6"),
    (64, "dfa798724b1a8014994f363e5da7474ed26ce3757fb29e07aa47ad5a9352d37b"),
    (65, "dd2eab5a5507d7717c63ce953d9ac61752c21e664425ad1227054722a0d97f69"),
    (111, "2ea239204423b890039a115a62d44a1b1c37675a784f5c6a9b786e9fca4c4cee"),
    (112, "ab7909f0b44839b4f374c4e5974bc1dd7c50eae999602865138f9e3586da29c2"),
    (119, "c6e0f435df5d7d265baacca31e0602c00aa22fa6d3819aed664649294c743756"),
    (120, "17eb8960823a644bde3065620bb9d45931fe8993fd8eb692a17aff0fd725db6a"),
    (127, "2409a159329f4e770a7d8128130497abb1de01ffb6ad389d97d89ebbeeb7f02c"),
    (128, "3a9c1e22e20578eebe442238f431befd688bd56698eb7c77d95d3f97d8f58207"),
    (129, "956f5da998f608be52587f28902b608909b661f99a1b300e3d3046b4f69f6fb5"),
    (1000, "a9425c416f534025a4e2422bd14adba4ec3d4a68d10c3329be8df612964d2b6e"),
    (4097, "9f8f38391dce2bc8d9a3159814ebe32f082b9a7af31cf342dc5f2785d6e00bed"),
    (100_000, "5889ab642baa09c41570b8888cbf45f3762152cea2490ea6b150208a99c92b10"),
  ]
  for (length, digest) in expected {
    let message = (0..<length).map { UInt8((7 * $0 + 3) % 251) }
    #expect(sha256Hex(message, engine: engine) == digest, "length \(length)")
    // The same bytes fed in uneven pieces, so blocks straddle `update` calls.
    var hasher = SHA256(engine: engine)
    var start = 0
    var piece = 1
    while start < length {
      let end = min(length, start + piece)
      hasher.update(Array(message[start..<end]))
      start = end
      piece = piece * 3 % 97 + 1
    }
    #expect(SHA256.hexString(hasher.finalize()) == digest, "length \(length) in pieces")
  }
}

/// The SHA extensions against the portable Swift rounds on pseudo-random bytes of every length
/// from 0 to 300 and a few long ones, each hashed whole and in pieces of odd sizes.
@Test(
  .enabled(
    if: SHA256.hardwareSupported,
    "this processor has no SHA extensions: only the portable path is checked (above)"))
func sha256HardwareMatchesPortable() {
  var random = SplitMix64(seed: 0x5348_4132_3536)
  let lengths = Array(0...300) + [1023, 4096, 65_537, 1_048_576 + 13, 3_000_001]
  for length in lengths {
    let message = (0..<length).map { _ in UInt8(truncatingIfNeeded: random.next()) }
    var hardware = SHA256(engine: .hardware)
    var portable = SHA256(engine: .portable)
    #expect(hardware.engine == .hardware)
    #expect(portable.engine == .portable)
    // Pieces of 1, 2, 3, 5, 8, 13, … bytes (Fibonacci, reset past 100 KB), so blocks
    // straddle calls at ever-changing offsets; the portable hasher takes the message whole.
    var start = 0
    var (piece, nextPiece) = (1, 2)
    while start < length {
      let end = min(length, start + piece)
      hardware.update(Array(message[start..<end]))
      start = end
      (piece, nextPiece) = nextPiece > 100_000 ? (1, 2) : (nextPiece, piece + nextPiece)
    }
    portable.update(message)
    let expected = SHA256.hexString(portable.finalize())
    #expect(SHA256.hexString(hardware.finalize()) == expected, "length \(length)")
    #expect(sha256Hex(message, engine: .hardware) == expected, "length \(length), whole")
  }
}

/// SplitMix64, written here so the test shares no code with the model's generator.
private struct SplitMix64 {
  var state: UInt64

  init(seed: UInt64) { state = seed }

  mutating func next() -> UInt64 {
    state &+= 0x9e37_79b9_7f4a_7c15
    var z = state
    z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
    z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
    return z ^ (z >> 31)
  }
}
