import Testing

@testable import TensorFiles

@Test func shortTextIsQuotedWhole() {
  #expect(excerpt("robots") == "robots")
  #expect(excerpt("") == "")
  #expect(excerpt(String(repeating: "a", count: 40)) == String(repeating: "a", count: 40))
}

@Test func longTextIsCutAfterTheLimit() {
  let text = String(repeating: "abcd", count: 1_000_000)
  let quoted = excerpt(text)
  #expect(quoted == String(repeating: "abcd", count: 10) + "…")
  #expect(excerpt("éèêë", limit: 2) == "éè…")
}

@Test func controlCharactersAreEscapedSoTheMessageStaysOneLine() {
  #expect(excerpt("a\nb\r\tc") == "a\\nb\\r\\tc")
  #expect(excerpt("\u{1B}[31m") == "\\u{1b}[31m")
  #expect(excerpt("x\u{2028}y") == "x\\u{2028}y")
}

@Test func oneHugeGraphemeClusterIsStillCut() {
  // "e" followed by a million combining accents is one Character: the limit counts scalars.
  let text = "e" + String(repeating: "\u{301}", count: 1_000_000)
  #expect(excerpt(text).unicodeScalars.count == 41)
}
