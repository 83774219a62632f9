/// A streaming SHA-256 (FIPS 180-4), written by hand because no crypto library is available.
///
/// Feed bytes with `update`, then call `finalize` once. `SHA256.hex(of:)` hashes a byte array.
/// Blocks are compressed with the x86 SHA extensions when the processor has them, otherwise by
/// the portable Swift rounds below (see `SHA256.Engine`).
public struct SHA256: Sendable {
  /// The code that compresses blocks for this hasher.
  let engine: Engine
  private var state: State = (
    0x6a09_e667, 0xbb67_ae85, 0x3c6e_f372, 0xa54f_f53a,
    0x510e_527f, 0x9b05_688c, 0x1f83_d9ab, 0x5be0_cd19
  )
  /// Bytes not yet hashed (always fewer than 64).
  private var pending: [UInt8] = []
  private var totalLength: UInt64 = 0

  private static let roundConstants: [UInt32] = [
    0x428a_2f98, 0x7137_4491, 0xb5c0_fbcf, 0xe9b5_dba5, 0x3956_c25b, 0x59f1_11f1, 0x923f_82a4,
    0xab1c_5ed5, 0xd807_aa98, 0x1283_5b01, 0x2431_85be, 0x550c_7dc3, 0x72be_5d74, 0x80de_b1fe,
    0x9bdc_06a7, 0xc19b_f174, 0xe49b_69c1, 0xefbe_4786, 0x0fc1_9dc6, 0x240c_a1cc, 0x2de9_2c6f,
    0x4a74_84aa, 0x5cb0_a9dc, 0x76f9_88da, 0x983e_5152, 0xa831_c66d, 0xb003_27c8, 0xbf59_7fc7,
    0xc6e0_0bf3, 0xd5a7_9147, 0x06ca_6351, 0x1429_2967, 0x27b7_0a85, 0x2e1b_2138, 0x4d2c_6dfc,
    0x5338_0d13, 0x650a_7354, 0x766a_0abb, 0x81c2_c92e, 0x9272_2c85, 0xa2bf_e8a1, 0xa81a_664b,
    0xc24b_8b70, 0xc76c_51a3, 0xd192_e819, 0xd699_0624, 0xf40e_3585, 0x106a_a070, 0x19a4_c116,
    0x1e37_6c08, 0x2748_774c, 0x34b0_bcb5, 0x391c_0cb3, 0x4ed8_aa4a, 0x5b9c_ca4f, 0x682e_6ff3,
    0x748f_82ee, 0x78a5_636f, 0x84c8_7814, 0x8cc7_0208, 0x90be_fffa, 0xa450_6ceb, 0xbef9_a3f7,
    0xc671_78f2,
  ]

  /// A hasher using `SHA256.defaultEngine`.
  public init() { engine = Self.defaultEngine }

  /// A hasher using `engine`, or the portable rounds where the processor lacks the SHA
  /// extensions.
  init(engine: Engine) {
    self.engine = Self.hardwareSupported ? engine : .portable
  }

  /// Hashes more bytes.
  public mutating func update(_ bytes: UnsafeRawBufferPointer) {
    guard let base = bytes.baseAddress, bytes.count > 0 else { return }
    totalLength &+= UInt64(bytes.count)
    var start = 0
    if !pending.isEmpty {
      let take = min(64 - pending.count, bytes.count)
      pending.append(contentsOf: bytes[0..<take])
      start = take
      if pending.count == 64 {
        let block = pending  // a copy, so that `compress` may modify `self`
        block.withUnsafeBytes { raw in
          if let blockBase = raw.baseAddress { compress(blockBase, blocks: 1) }
        }
        pending.removeAll(keepingCapacity: true)
      }
    }
    let blocks = (bytes.count - start) / 64
    if blocks > 0 {
      compress(base + start, blocks: blocks)
      start += blocks * 64
    }
    if start < bytes.count { pending.append(contentsOf: bytes[start...]) }
  }

  /// Hashes more bytes.
  public mutating func update(_ bytes: [UInt8]) {
    bytes.withUnsafeBytes { update($0) }
  }

  /// Pads the message and returns the 32-byte digest.
  public mutating func finalize() -> [UInt8] {
    let bitLength = totalLength &* 8
    var tail: [UInt8] = [0x80]
    let used = (pending.count + 1) % 64
    let zeros = used <= 56 ? 56 - used : 120 - used
    tail += [UInt8](repeating: 0, count: zeros)
    for shift in stride(from: 56, through: 0, by: -8) {
      tail.append(UInt8(truncatingIfNeeded: bitLength >> UInt64(shift)))
    }
    let savedLength = totalLength
    update(tail)
    totalLength = savedLength
    var digest: [UInt8] = []
    digest.reserveCapacity(32)
    let (h0, h1, h2, h3, h4, h5, h6, h7) = state
    for word in [h0, h1, h2, h3, h4, h5, h6, h7] {
      for shift in stride(from: 24, through: 0, by: -8) {
        digest.append(UInt8(truncatingIfNeeded: word >> UInt32(shift)))
      }
    }
    return digest
  }

  /// The lowercase hex SHA-256 of `bytes`.
  public static func hex(of bytes: [UInt8]) -> String {
    var hasher = SHA256()
    hasher.update(bytes)
    return hexString(hasher.finalize())
  }

  /// Bytes as lowercase hex.
  public static func hexString(_ digest: [UInt8]) -> String {
    let digits = Array("0123456789abcdef".utf8)
    var out: [UInt8] = []
    out.reserveCapacity(digest.count * 2)
    for byte in digest {
      out.append(digits[Int(byte >> 4)])
      out.append(digits[Int(byte & 15)])
    }
    return String(decoding: out, as: UTF8.self)
  }

  /// The eight working words `H0…H7`.
  private typealias State = (UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32)

  /// Processes `blocks` consecutive 64-byte blocks starting at `data`.
  private mutating func compress(_ data: UnsafeRawPointer, blocks: Int) {
    switch engine {
    case .hardware:
      withUnsafeMutablePointer(to: &state) { tuple in
        // The eight `UInt32` of a homogeneous tuple are laid out like a C array.
        tuple.withMemoryRebound(to: UInt32.self, capacity: 8) { words in
          Self.compressWithHardware(words, data, blocks: blocks)
        }
      }
    case .portable:
      compressPortably(data, blocks: blocks)
    }
  }

  /// Processes `blocks` consecutive 64-byte blocks starting at `data`, in Swift.
  ///
  /// The state lives in local variables and the rounds run eight at a time with the variables'
  /// roles rotated instead of moved; the message schedule is a rolling window of 16 words on
  /// the stack, extended inside the rounds.
  private mutating func compressPortably(_ data: UnsafeRawPointer, blocks: Int) {
    var (h0, h1, h2, h3, h4, h5, h6, h7) = state
    Self.roundConstants.withUnsafeBufferPointer { constants in
      guard let k = constants.baseAddress else { return }
      withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 16) { window in
        guard let w = window.baseAddress else { return }
        for block in 0..<blocks {
          let bytes = data + block * 64
          for i in 0..<16 {
            w[i] = UInt32(bigEndian: bytes.loadUnaligned(fromByteOffset: 4 * i, as: UInt32.self))
          }
          var (a, b, c, d, e, f, g, h) = (h0, h1, h2, h3, h4, h5, h6, h7)
          var bc = b ^ c
          var i = 0
          while i < 64 {
            Self.round(a, b, &bc, &d, e, f, g, &h, Self.word(w, k, i))
            Self.round(h, a, &bc, &c, d, e, f, &g, Self.word(w, k, i + 1))
            Self.round(g, h, &bc, &b, c, d, e, &f, Self.word(w, k, i + 2))
            Self.round(f, g, &bc, &a, b, c, d, &e, Self.word(w, k, i + 3))
            Self.round(e, f, &bc, &h, a, b, c, &d, Self.word(w, k, i + 4))
            Self.round(d, e, &bc, &g, h, a, b, &c, Self.word(w, k, i + 5))
            Self.round(c, d, &bc, &f, g, h, a, &b, Self.word(w, k, i + 6))
            Self.round(b, c, &bc, &e, f, g, h, &a, Self.word(w, k, i + 7))
            i += 8
          }
          h0 &+= a
          h1 &+= b
          h2 &+= c
          h3 &+= d
          h4 &+= e
          h5 &+= f
          h6 &+= g
          h7 &+= h
        }
      }
    }
    state = (h0, h1, h2, h3, h4, h5, h6, h7)
  }

  /// Schedule word `i` plus round constant `i`; from round 16 on, the word is computed from the
  /// window `w` (`w[i mod 16]` still holds word `i - 16`) and stored back in its place.
  @inline(__always)
  private static func word(
    _ w: UnsafeMutablePointer<UInt32>, _ k: UnsafePointer<UInt32>, _ i: Int
  ) -> UInt32 {
    if i < 16 { return w[i] &+ k[i] }
    let x = w[(i - 15) & 15]
    let y = w[(i - 2) & 15]
    let s0 = rotr(rotr(x, 11) ^ x, 7) ^ (x >> 3)  // rotr 7 ^ rotr 18 ^ shr 3
    let s1 = rotr(rotr(y, 2) ^ y, 17) ^ (y >> 10)  // rotr 17 ^ rotr 19 ^ shr 10
    let next = w[i & 15] &+ s0 &+ w[(i - 7) & 15] &+ s1
    w[i & 15] = next
    return next &+ k[i]
  }

  /// One round: `d` and `h` take their new values; the caller rotates the names.
  ///
  /// `bc` is `b ^ c` on entry and `a ^ b` (the next round's `b ^ c`) on return, so the majority
  /// `((a ^ b) & (b ^ c)) ^ b` costs three operations. The sums of three rotations are nested
  /// (`rotr(rotr(rotr(e, 14) ^ e, 5) ^ e, 6)` is `rotr 6 ^ rotr 11 ^ rotr 25`).
  @inline(__always)
  private static func round(
    _ a: UInt32, _ b: UInt32, _ bc: inout UInt32, _ d: inout UInt32,
    _ e: UInt32, _ f: UInt32, _ g: UInt32, _ h: inout UInt32, _ kw: UInt32
  ) {
    let sigma1 = rotr(rotr(rotr(e, 14) ^ e, 5) ^ e, 6)
    let choice = ((f ^ g) & e) ^ g
    let t1 = h &+ sigma1 &+ choice &+ kw
    let sigma0 = rotr(rotr(rotr(a, 9) ^ a, 11) ^ a, 2)
    let ab = a ^ b
    let majority = (ab & bc) ^ b
    bc = ab
    d &+= t1
    h = t1 &+ sigma0 &+ majority
  }

  @inline(__always)
  private static func rotr(_ x: UInt32, _ n: UInt32) -> UInt32 { (x >> n) | (x << (32 - n)) }
}
