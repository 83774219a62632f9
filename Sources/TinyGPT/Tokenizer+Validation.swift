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
      let shown = Self.quoted(entry)
      if entry.isEmpty { return (index, "is empty; no text is cut into an empty token") }
      if let earlier = firstIndex[entry] {
        return (index, "is \(shown), the same as entry \(earlier); every entry must be distinct")
      }
      firstIndex[entry] = index
      switch kind {
      case .word:
        if entry.contains(where: \.isWhitespace) {
          return (index, "is \(shown), which contains whitespace; a word token never does")
        }
      case .char:
        let reserved =
          entry.hasPrefix("<") && entry.hasSuffix(">") && !entry.contains(where: \.isWhitespace)
        if entry.count != 1 && !reserved {
          return (index, "is \(shown), not one character; a char tokenizer's tokens are characters")
        }
      case .bpe: break  // handled above
      }
    }
    return nil
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
