/// GPT-2's pre-tokenization: cuts text into the pieces that BPE then encodes one by one.
///
/// A hand-written scanner equivalent to GPT-2's pattern
/// `'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+`
/// over Unicode scalars: letters and numbers by general category, whitespace by the Unicode
/// `White_Space` property, contractions case-sensitive.
public enum GPT2PreTokenizer {
  /// What a scalar is to the pattern.
  enum Class: Equatable {
    case whitespace, letter, number, other
  }

  static func classify(_ scalar: Unicode.Scalar) -> Class {
    let p = scalar.properties
    if p.isWhitespace { return .whitespace }
    switch p.generalCategory {
    case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter:
      return .letter
    case .decimalNumber, .letterNumber, .otherNumber: return .number
    default: return .other
    }
  }

  /// The pieces of `scalars` as index ranges, in order, covering every scalar.
  public static func pieces(_ scalars: [Unicode.Scalar]) -> [Range<Int>] {
    let classes = scalars.map(classify)
    let n = scalars.count
    var out: [Range<Int>] = []
    var i = 0
    while i < n {
      let end = pieceEnd(scalars, classes, from: i)
      out.append(i..<end)
      i = end
    }
    return out
  }

  /// Where the piece starting at `i` ends (exclusive); always past `i`.
  private static func pieceEnd(
    _ scalars: [Unicode.Scalar], _ classes: [Class], from i: Int
  ) -> Int {
    let n = scalars.count
    // 's 't 're 've 'm 'll 'd
    if scalars[i] == "'" && i + 1 < n {
      let a = scalars[i + 1]
      if a == "s" || a == "t" || a == "m" || a == "d" { return i + 2 }
      if i + 2 < n {
        let b = scalars[i + 2]
        if (a == "r" && b == "e") || (a == "v" && b == "e") || (a == "l" && b == "l") {
          return i + 3
        }
      }
    }
    // ` ?\p{L}+`, ` ?\p{N}+`, ` ?[^\s\p{L}\p{N}]+`: an optional space, then a run of one class.
    var start = i
    if scalars[i] == " " && i + 1 < n && classes[i + 1] != .whitespace { start = i + 1 }
    let kind = classes[start]
    if kind != .whitespace {
      var j = start + 1
      while j < n && classes[j] == kind { j += 1 }
      return j
    }
    // `\s+(?!\S)`: a whitespace run, leaving its last scalar to a following non-space piece;
    // `\s+` when that would leave nothing.
    var j = i + 1
    while j < n && classes[j] == .whitespace { j += 1 }
    if j < n && j - i >= 2 { return j - 1 }
    return j
  }
}
