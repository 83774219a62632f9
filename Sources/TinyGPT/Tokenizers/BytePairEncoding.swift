import TensorFiles

/// GPT-2's byte-level byte-pair encoding: text to UTF-8 bytes, pre-tokenized into pieces, each
/// piece's bytes merged pairwise by rank into vocabulary tokens.
///
/// Special tokens (`<|endoftext|>`) are cut out of the text first and encode as one token each.
/// Every string encodes (all 256 byte tokens are in a GPT-2 vocabulary) and decoding the ids
/// gives the string back.
public struct BytePairEncoding: Equatable, Sendable {
  /// Token id -> token text in byte-level characters (`Ġthe`).
  public let vocabulary: [String]
  /// The merge rules `"left right"`, highest priority first (the lines of `merges.txt`).
  public let merges: [String]
  /// Tokens matched literally in the text before pre-tokenization, longest first at a tie.
  public let specialTokens: [String]

  /// Token bytes -> the first id with them.
  private let index: TokenIndex
  /// `left << 32 | right` -> `rank << 32 | merged id`.
  private let rules: [UInt64: UInt64]
  /// The token id of each byte value, `-1` if the vocabulary lacks it.
  private let byteTokens: [Int32]
  /// Special token text -> id, and their UTF-8 bytes for matching.
  private let specialIDs: [String: Int]
  private let specialBytes: [(bytes: [UInt8], id: Int)]

  /// Builds the encoder. Throws `ModelError.malformedFile` naming a merge whose parts or
  /// result are not in the vocabulary, or a special token that is not.
  public init(
    vocabulary: [String], merges: [String], specialTokens: [String]
  ) throws(ModelError) {
    self.vocabulary = vocabulary
    self.merges = merges
    self.specialTokens = specialTokens
    let index = TokenIndex(vocabulary)
    self.index = index
    var rules: [UInt64: UInt64] = [:]
    rules.reserveCapacity(merges.count)
    for (rank, rule) in merges.enumerated() {
      let bytes = rule.utf8
      guard let space = bytes.firstIndex(of: UInt8(ascii: " ")), space != bytes.startIndex,
        bytes.index(after: space) != bytes.endIndex,
        !bytes[bytes.index(after: space)...].contains(UInt8(ascii: " "))
      else {
        throw .malformedFile(
          "merge \(rank + 1) '\(excerpt(rule))' is not two tokens separated by a space")
      }
      let left = bytes[..<space]
      let right = bytes[bytes.index(after: space)...]
      let leftHash = TokenIndex.hash(left)
      guard let l = index.id(of: left, hash: leftHash), let r = index.id(of: right),
        let merged = index.id(of: left, right, hash: TokenIndex.hash(right, from: leftHash))
      else {
        throw .malformedFile(
          "merge \(rank + 1) '\(excerpt(rule))' uses a token not in the vocabulary")
      }
      let key = UInt64(l) << 32 | UInt64(r)
      if rules[key] == nil { rules[key] = UInt64(rank) << 32 | UInt64(merged) }
    }
    self.rules = rules
    byteTokens = ByteLevel.characters.map { scalar in
      index.id(of: String(scalar).utf8).map { Int32($0) } ?? -1
    }
    var specialIDs: [String: Int] = [:]
    for token in specialTokens {
      guard let id = index.id(of: token.utf8), !token.isEmpty else {
        throw .malformedFile("special token '\(excerpt(token))' is not in the vocabulary")
      }
      specialIDs[token] = id
    }
    self.specialIDs = specialIDs
    // Longest first, so that the longest special token wins where several match.
    specialBytes = specialIDs.map { (Array($0.key.utf8), $0.value) }.sorted {
      $0.bytes.count != $1.bytes.count
        ? $0.bytes.count > $1.bytes.count : $0.bytes.lexicographicallyPrecedes($1.bytes)
    }
  }

  /// The first entry that is empty or repeats an earlier one, with the reason (the rules of
  /// `Tokenizer.vocabularyProblem()`), or `nil`.
  public func vocabularyProblem() -> (index: Int, problem: String)? {
    for (position, entry) in vocabulary.enumerated() {
      if entry.isEmpty { return (position, "is empty; no text is cut into an empty token") }
      if let first = id(of: entry), first != position {
        return (
          position,
          "is \(Tokenizer.quoted(entry)), the same as entry \(first); every entry must be distinct"
        )
      }
    }
    return nil
  }

  /// The id of a vocabulary entry (by its exact UTF-8 bytes).
  public func id(of token: String) -> Int? { index.id(of: token.utf8) }

  public static func == (a: BytePairEncoding, b: BytePairEncoding) -> Bool {
    a.merges == b.merges && a.specialTokens == b.specialTokens && a.vocabulary == b.vocabulary
  }

  /// The token ids of `text` (empty for empty text). Throws `ModelError.unknownToken` only
  /// when the vocabulary lacks a byte the text needs (never for a GPT-2 vocabulary).
  public func encode(_ text: String) throws(ModelError) -> [Int] {
    let bytes = Array(text.utf8)
    var ids: [Int] = []
    var cache: [[UInt8]: [Int]] = [:]
    var segmentStart = 0
    var i = 0
    func flush(upTo end: Int) throws(ModelError) {
      guard segmentStart < end else { return }
      try encodeOrdinary(bytes[segmentStart..<end], into: &ids, cache: &cache)
    }
    while i < bytes.count {
      if let match = specialBytes.first(where: { bytes[i...].starts(with: $0.bytes) }) {
        try flush(upTo: i)
        ids.append(match.id)
        i += match.bytes.count
        segmentStart = i
      } else {
        i += 1
      }
    }
    try flush(upTo: bytes.count)
    return ids
  }

  /// Encodes text with no special tokens in it: pre-tokenize, then BPE each piece.
  private func encodeOrdinary(
    _ bytes: ArraySlice<UInt8>, into ids: inout [Int], cache: inout [[UInt8]: [Int]]
  ) throws(ModelError) {
    let scalars = Array(String(decoding: bytes, as: UTF8.self).unicodeScalars)
    for piece in GPT2PreTokenizer.pieces(scalars) {
      var word: [UInt8] = []
      for scalar in scalars[piece] { word.append(contentsOf: String(scalar).utf8) }
      if let known = cache[word] {
        ids += known
        continue
      }
      let encoded = try mergeWord(word)
      cache[word] = encoded
      ids += encoded
    }
  }

  /// Applies the merge rules to one piece's bytes: repeatedly merge every occurrence, left to
  /// right, of the adjacent pair with the best (lowest) rank, until no pair has a rule.
  private func mergeWord(_ word: [UInt8]) throws(ModelError) -> [Int] {
    var symbols: [UInt32] = []
    symbols.reserveCapacity(word.count)
    for b in word {
      let id = byteTokens[Int(b)]
      guard id >= 0 else {
        throw .unknownToken("<0x\(hexByte(b))>", suggestions: [])
      }
      symbols.append(UInt32(id))
    }
    while symbols.count > 1 {
      var best = UInt64.max
      var bestPair: UInt64 = 0
      for k in 0..<(symbols.count - 1) {
        let pair = UInt64(symbols[k]) << 32 | UInt64(symbols[k + 1])
        if let rule = rules[pair], rule < best {
          best = rule
          bestPair = pair
        }
      }
      guard best != UInt64.max else { break }
      let merged = UInt32(truncatingIfNeeded: best)
      let left = UInt32(bestPair >> 32)
      let right = UInt32(truncatingIfNeeded: bestPair)
      var next: [UInt32] = []
      next.reserveCapacity(symbols.count)
      var k = 0
      while k < symbols.count {
        if k + 1 < symbols.count && symbols[k] == left && symbols[k + 1] == right {
          next.append(merged)
          k += 2
        } else {
          next.append(symbols[k])
          k += 1
        }
      }
      symbols = next
    }
    return symbols.map { Int($0) }
  }

  /// The bytes of `ids` decoded as UTF-8 (invalid sequences become U+FFFD).
  public func decode(_ ids: [Int]) -> String {
    String(decoding: bytes(of: ids), as: UTF8.self)
  }

  /// The raw bytes `ids` stand for (special tokens as their text).
  public func bytes(of ids: [Int]) -> [UInt8] {
    var out: [UInt8] = []
    for id in ids where vocabulary.indices.contains(id) {
      let token = vocabulary[id]
      if specialIDs[token] == id {
        out.append(contentsOf: token.utf8)
      } else {
        ByteLevel.decode(token, into: &out)
      }
    }
    return out
  }
}

/// Two uppercase hex digits.
func hexByte(_ b: UInt8) -> String {
  let digits = Array("0123456789ABCDEF")
  return String([digits[Int(b >> 4)], digits[Int(b & 15)]])
}
