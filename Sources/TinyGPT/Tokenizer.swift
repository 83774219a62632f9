/// How text is cut into tokens.
public enum TokenizerKind: String, Codable, Sendable, CaseIterable {
  /// Lower-cased words, with punctuation split off as tokens of its own.
  case word
  /// One token per character.
  case char
  /// GPT-2's byte-level byte-pair encoding (`vocab.json` + `merges.txt`): every string encodes.
  case bpe
}

/// A vocabulary and the rule that maps text to token ids and back.
public struct Tokenizer: Codable, Equatable, Sendable {
  public var kind: TokenizerKind
  /// Token id -> token text.
  public var vocabulary: [String]
  private var ids: [String: Int]
  /// The merge rules and special tokens when `kind == .bpe`, else `nil`.
  public private(set) var bytePairEncoding: BytePairEncoding?

  /// A word or char tokenizer; `.bpe` gives a byte-level encoder with no merges.
  public init(kind: TokenizerKind, vocabulary: [String]) {
    self.kind = kind
    self.vocabulary = vocabulary
    self.ids = kind == .bpe ? [:] : Self.index(vocabulary)
    if kind == .bpe {  // no merges and no special tokens: cannot fail
      bytePairEncoding = try? BytePairEncoding(
        vocabulary: vocabulary, merges: [], specialTokens: [])
    }
  }

  /// A GPT-2 byte-level BPE tokenizer; throws `ModelError.malformedFile` naming a merge or
  /// special token that does not fit the vocabulary.
  public init(
    bytePairVocabulary vocabulary: [String], merges: [String], specialTokens: [String]
  ) throws(ModelError) {
    kind = .bpe
    self.vocabulary = vocabulary
    ids = [:]  // the encoder keeps its own index, by bytes (much faster to build)
    bytePairEncoding = try BytePairEncoding(
      vocabulary: vocabulary, merges: merges, specialTokens: specialTokens)
  }

  /// Token text -> the first id with that text.
  private static func index(_ vocabulary: [String]) -> [String: Int] {
    var ids: [String: Int] = [:]
    ids.reserveCapacity(vocabulary.count)
    for (id, token) in vocabulary.enumerated() where ids[token] == nil { ids[token] = id }
    return ids
  }

  enum CodingKeys: String, CodingKey { case kind, vocabulary, merges, special }

  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    let kind = try c.decode(TokenizerKind.self, forKey: .kind)
    let vocabulary = try c.decode([String].self, forKey: .vocabulary)
    if kind == .bpe {
      try self.init(
        bytePairVocabulary: vocabulary,
        merges: try c.decodeIfPresent([String].self, forKey: .merges) ?? [],
        specialTokens: try c.decodeIfPresent([String].self, forKey: .special) ?? [])
    } else {
      self.init(kind: kind, vocabulary: vocabulary)
    }
  }

  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(kind, forKey: .kind)
    try c.encode(vocabulary, forKey: .vocabulary)
    if let bytePairEncoding {
      try c.encode(bytePairEncoding.merges, forKey: .merges)
      try c.encode(bytePairEncoding.specialTokens, forKey: .special)
    }
  }

  /// The id of a token's text, if it is in the vocabulary.
  public func id(of token: String) -> Int? {
    if let bytePairEncoding { return bytePairEncoding.id(of: token) }
    return ids[token]
  }

  /// Cuts text into token strings without looking them up.
  public func split(_ text: String) -> [String] {
    switch kind {
    case .char:
      return text.map { String($0) }
    case .bpe:
      return ((try? bytePairEncoding?.encode(text)) ?? []).map { self.text(of: $0) }
    case .word:
      var pieces: [String] = []
      var word = ""
      for ch in text.lowercased() {
        if ch.isWhitespace {
          if !word.isEmpty { pieces.append(word) }
          word = ""
        } else if ch.isPunctuation && ch != "'" && ch != "-" {
          if !word.isEmpty { pieces.append(word) }
          word = ""
          pieces.append(String(ch))
        } else {
          word.append(ch)
        }
      }
      if !word.isEmpty { pieces.append(word) }
      return pieces
    }
  }

  /// Token ids for `text`; throws for an empty prompt or a token not in the vocabulary.
  public func encode(_ text: String) throws -> [Int] {
    if let bytePairEncoding {
      let ids = try bytePairEncoding.encode(text)
      if ids.isEmpty { throw ModelError.emptyPrompt }
      return ids
    }
    let pieces = split(text)
    if pieces.isEmpty { throw ModelError.emptyPrompt }
    return try pieces.map { piece in
      guard let id = ids[piece] else {
        throw ModelError.unknownToken(piece, suggestions: nearest(to: piece, count: 3))
      }
      return id
    }
  }

  /// The text of one token id as pages show it (`<id>` for an id outside the vocabulary).
  /// BPE tokens are shown readably: `␣the`, `<0xE2>` for a byte of a split character.
  public func text(of id: Int) -> String {
    if let bytePairEncoding { return bytePairEncoding.displayText(of: id) }
    return vocabulary.indices.contains(id) ? vocabulary[id] : "<\(id)>"
  }

  /// Joins tokens back into text: words with spaces (no space before punctuation), chars as is,
  /// BPE tokens as the exact text they encode.
  public func decode(_ tokenIDs: [Int]) -> String {
    switch kind {
    case .bpe: return bytePairEncoding?.decode(tokenIDs) ?? ""
    case .char: return tokenIDs.map { text(of: $0) }.joined()
    case .word:
      var out = ""
      for id in tokenIDs {
        let t = text(of: id)
        let isPunct = t.count == 1 && (t.first?.isPunctuation ?? false)
        if !out.isEmpty && !isPunct { out += " " }
        out += t
      }
      return out
    }
  }

  /// The vocabulary entries closest to `word` by edit distance, best first.
  public func nearest(to word: String, count: Int) -> [String] {
    let scored = vocabulary.map { ($0, editDistance(word, $0)) }
    let limit = max(2, word.count / 2)
    return scored.filter { $0.1 <= limit }.sorted { ($0.1, $0.0) < ($1.1, $1.0) }.prefix(count).map(
      \.0)
  }
}

/// Levenshtein distance between two strings, by characters.
func editDistance(_ a: String, _ b: String) -> Int {
  let a = Array(a)
  let b = Array(b)
  if a.isEmpty { return b.count }
  if b.isEmpty { return a.count }
  var previous = Array(0...b.count)
  var current = [Int](repeating: 0, count: b.count + 1)
  for i in 1...a.count {
    current[0] = i
    for j in 1...b.count {
      let cost = a[i - 1] == b[j - 1] ? 0 : 1
      current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
    }
    swap(&previous, &current)
  }
  return previous[b.count]
}
