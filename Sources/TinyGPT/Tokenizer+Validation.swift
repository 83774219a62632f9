import TensorFiles

extension Tokenizer {
  /// The first vocabulary entry that this tokenizer could never produce or look up
  /// unambiguously, with the reason, or `nil` when every entry is usable.
  ///
  /// Every kind: no empty entry, no entry twice. `word`: no entry contains whitespace (the
  /// tokenizer splits there). `char`: every entry is one character, except reserved entries
  /// written `<...>` without whitespace (the `<unused-N>` tokens that pad a vocabulary up to
  /// `d_vocab`), which the tokenizer never produces.
  public func vocabularyProblem() -> (index: Int, problem: String)? {
    // BPE: the encoder's byte index finds repeats without hashing 50k Unicode strings.
    if let bytePairEncoding { return bytePairEncoding.vocabularyProblem() }
    var firstIndex: [String: Int] = [:]
    firstIndex.reserveCapacity(vocabulary.count)
    for (index, entry) in vocabulary.enumerated() {
      if entry.isEmpty { return (index, "is empty; no text is cut into an empty token") }
      if let earlier = firstIndex.updateValue(index, forKey: entry) {
        return (
          index,
          "is \(Self.quoted(entry)), the same as entry \(earlier); every entry must be distinct"
        )
      }
      switch kind {
      case .word:
        if Self.containsWhitespace(entry) {
          return (
            index,
            "is \(Self.quoted(entry)), which contains whitespace; a word token never does"
          )
        }
      case .char:
        if !Self.isOneCharacterOrReserved(entry) {
          return (
            index,
            "is \(Self.quoted(entry)), not one character; a char tokenizer's tokens are characters"
          )
        }
      case .bpe: break  // handled above
      }
    }
    return nil
  }

  /// Whether `entry` has a whitespace character (`Character.isWhitespace`). An ASCII entry is
  /// read byte by byte (tab, line feed, vertical tab, form feed, carriage return, space: the
  /// ASCII characters that are whitespace); only others ask `Character`, whose Unicode
  /// properties cost far more, and whose grapheme clusters can hide a space behind a
  /// prepended mark.
  static func containsWhitespace(_ entry: String) -> Bool {
    if let ascii = asciiWhitespace(entry) { return ascii }
    return entry.contains(where: \.isWhitespace)
  }

  /// Whether `entry` is one character, or a reserved entry written `<...>` without
  /// whitespace; ASCII entries are read byte by byte, as in `containsWhitespace`.
  static func isOneCharacterOrReserved(_ entry: String) -> Bool {
    let bytes = entry.utf8
    if let whitespace = asciiWhitespace(entry) {
      // In ASCII every byte is a character of its own, except CR LF, which is one.
      let oneCharacter =
        bytes.count == 1
        || (bytes.count == 2 && bytes.first == 13 && bytes.last == 10)
      let reserved = bytes.first == UInt8(ascii: "<") && bytes.last == UInt8(ascii: ">")
      return oneCharacter || (reserved && !whitespace)
    }
    let reserved =
      entry.hasPrefix("<") && entry.hasSuffix(">") && !entry.contains(where: \.isWhitespace)
    return entry.count == 1 || reserved
  }

  /// Whether the ASCII text `entry` has a whitespace byte, or nil when it is not all ASCII.
  private static func asciiWhitespace(_ entry: String) -> Bool? {
    func scan(_ bytes: some Sequence<UInt8>) -> Bool? {
      var any: UInt8 = 0
      var whitespace = false
      for b in bytes {
        any |= b
        // 9...13 (tab to carriage return) or 32 (space).
        whitespace = whitespace || b == 32 || (b &- 9) < 5
      }
      return any < 0x80 ? whitespace : nil
    }
    return entry.utf8.withContiguousStorageIfAvailable { scan($0) } ?? scan(entry.utf8)
  }

  /// Throws `JSONFieldError` at `path[index]` (e.g. `tokenizer.vocabulary[3]`) for the first
  /// entry `vocabularyProblem()` finds.
  public func validateVocabulary(path: String = "tokenizer.vocabulary") throws(JSONFieldError) {
    if let (index, problem) = vocabularyProblem() {
      throw JSONFieldError(path: "\(path)[\(index)]", problem: problem)
    }
  }

  /// `'text'` quoted for a one-line message (`excerpt`: short, control characters escaped).
  public static func quoted(_ text: String) -> String { "'" + excerpt(text) + "'" }
}
