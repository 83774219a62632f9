/// Vocabulary entry -> id, looked up by UTF-8 bytes without allocating: keyed by a 64-bit
/// FNV-1a hash, every hit checked against the entry's bytes, true collisions kept aside.
///
/// Building it for GPT-2's 50k tokens and looking up its 50k merges is several times faster
/// than a `[String: Int]`, whose hashing normalises Unicode (almost every GPT-2 token has `Ġ`).
struct TokenIndex: Sendable {
  private var ids: [UInt64: Int32] = [:]
  /// Entries whose hash another entry already has (practically never).
  private var collided: [TokenBytes: Int32] = [:]
  private let vocabulary: [String]

  static let fnvOffset: UInt64 = 0xcbf2_9ce4_8422_2325

  /// Continues an FNV-1a hash over `bytes`.
  static func hash(_ bytes: some Sequence<UInt8>, from state: UInt64 = fnvOffset) -> UInt64 {
    var h = state
    for b in bytes { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
    return h
  }

  init(_ vocabulary: [String]) {
    self.vocabulary = vocabulary
    ids.reserveCapacity(vocabulary.count)
    for (id, token) in vocabulary.enumerated() {
      let h = Self.hash(token.utf8)
      if let existing = ids[h] {
        // The same text again keeps its first id; different text with the same hash is kept aside.
        if !vocabulary[Int(existing)].utf8.elementsEqual(token.utf8) {
          let key = TokenBytes(Array(token.utf8))
          if collided[key] == nil { collided[key] = Int32(id) }
        }
      } else {
        ids[h] = Int32(id)
      }
    }
  }

  /// The id of the entry whose UTF-8 is `bytes`, given `hash` = `TokenIndex.hash(bytes)`.
  func id<C: Collection<UInt8>>(of bytes: C, hash: UInt64) -> Int? {
    if let id = ids[hash], vocabulary[Int(id)].utf8.elementsEqual(bytes) { return Int(id) }
    if collided.isEmpty { return nil }
    return collided[TokenBytes(Array(bytes))].map { Int($0) }
  }

  /// The id of the entry whose UTF-8 is `left` followed by `right`, given the hash of both.
  func id<C: Collection<UInt8>>(of left: C, _ right: C, hash: UInt64) -> Int? {
    if let id = ids[hash] {
      let entry = vocabulary[Int(id)].utf8
      if entry.count == left.count + right.count && entry.starts(with: left)
        && entry.dropFirst(left.count).elementsEqual(right)
      {
        return Int(id)
      }
    }
    if collided.isEmpty { return nil }
    return collided[TokenBytes(Array(left) + Array(right))].map { Int($0) }
  }

  /// The id of the entry whose UTF-8 is `bytes`.
  func id<C: Collection<UInt8>>(of bytes: C) -> Int? { id(of: bytes, hash: Self.hash(bytes)) }
}

/// Token text as UTF-8 bytes, hashed as raw bytes.
struct TokenBytes: Hashable, Sendable {
  let bytes: [UInt8]
  init(_ bytes: [UInt8]) { self.bytes = bytes }
  func hash(into hasher: inout Hasher) { bytes.withUnsafeBytes { hasher.combine(bytes: $0) } }
}
