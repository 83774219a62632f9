import TerminalKit
import Testing

/// Feeds `bytes` to a fresh parser in one chunk, then flushes, and returns all keys.
private func keys(_ bytes: [UInt8]) -> [Key] {
  var parser = KeyParser()
  return parser.feed(bytes) + parser.flushPending()
}

/// The bytes of an escape sequence written as text after the ESC byte.
private func escape(_ text: String) -> [UInt8] {
  [0x1b] + Array(text.utf8)
}

@Suite struct KeyParserTests {
  @Test func arrowsInCSIForm() {
    #expect(keys(escape("[A")) == [.up])
    #expect(keys(escape("[B")) == [.down])
    #expect(keys(escape("[C")) == [.right])
    #expect(keys(escape("[D")) == [.left])
  }

  @Test func arrowsInSS3Form() {
    #expect(keys(escape("OA")) == [.up])
    #expect(keys(escape("OB")) == [.down])
    #expect(keys(escape("OC")) == [.right])
    #expect(keys(escape("OD")) == [.left])
  }

  @Test func arrowsWithModifiersKeepTheBaseKey() {
    #expect(keys(escape("[1;5C")) == [.right])
    #expect(keys(escape("[1;2A")) == [.up])
  }

  @Test func homeEndPagesDeleteInsert() {
    #expect(keys(escape("[H")) == [.home])
    #expect(keys(escape("[F")) == [.end])
    #expect(keys(escape("OH")) == [.home])
    #expect(keys(escape("OF")) == [.end])
    #expect(keys(escape("[1~")) == [.home])
    #expect(keys(escape("[7~")) == [.home])
    #expect(keys(escape("[4~")) == [.end])
    #expect(keys(escape("[8~")) == [.end])
    #expect(keys(escape("[5~")) == [.pageUp])
    #expect(keys(escape("[6~")) == [.pageDown])
    #expect(keys(escape("[3~")) == [.delete])
    #expect(keys(escape("[3;5~")) == [.delete])
    #expect(keys(escape("[2~")) == [.insert])
    #expect(keys(escape("[Z")) == [.backTab])
  }

  @Test func unmappedSequencesAreUnknownAndConsumeTheirBytes() {
    #expect(keys(escape("[15~") + [0x61]) == [.unknown(escape("[15~")), .character("a")])
    #expect(keys(escape("OP")) == [.unknown(escape("OP"))])
  }

  @Test func enterBackspaceTab() {
    #expect(keys([0x0d]) == [.enter])
    #expect(keys([0x0a]) == [.enter])
    #expect(keys([0x7f]) == [.backspace])
    #expect(keys([0x08]) == [.backspace])
    #expect(keys([0x09]) == [.tab])
  }

  @Test func controlKeys() {
    #expect(keys([0x03]) == [.control("c")])
    #expect(keys([0x01]) == [.control("a")])
    #expect(keys([0x04]) == [.control("d")])
    #expect(keys([0x1a]) == [.control("z")])
    #expect(keys([0x00]) == [.control("@")])
    #expect(keys([0x1c]) == [.control("\\")])
    #expect(keys([0x1f]) == [.control("_")])
  }

  @Test func loneEscapeWaitsForFlush() {
    var parser = KeyParser()
    #expect(parser.feed([0x1b]) == [])
    #expect(parser.hasPending)
    #expect(parser.flushPending() == [.escape])
    #expect(!parser.hasPending)
  }

  @Test func escapeThenLetterIsEscapeThenLetter() {
    #expect(keys(escape("q")) == [.escape, .character("q")])
    #expect(keys([0x1b, 0x1b]) == [.escape, .escape])
  }

  @Test func sequenceSplitAcrossFeeds() {
    var parser = KeyParser()
    #expect(parser.feed([0x1b]) == [])
    #expect(parser.feed([UInt8(ascii: "[")]) == [])
    #expect(parser.feed([UInt8(ascii: "A")]) == [.up])
    #expect(parser.feed(escape("[5")) == [])
    #expect(parser.feed([UInt8(ascii: "~"), UInt8(ascii: "x")]) == [.pageUp, .character("x")])
    #expect(!parser.hasPending)
  }

  @Test func incompleteSequenceFlushesAsEscapeAndText() {
    var parser = KeyParser()
    #expect(parser.feed(escape("[1")) == [])
    #expect(parser.flushPending() == [.escape, .character("["), .character("1")])
  }

  @Test func utf8CharacterSplitAcrossFeeds() {
    let euro = Array("€".utf8)
    #expect(euro.count == 3)
    var parser = KeyParser()
    #expect(parser.feed([euro[0]]) == [])
    #expect(parser.feed([euro[1], euro[2]]) == [.character("€")])
    #expect(keys(Array("é🙂".utf8)) == [.character("é"), .character("🙂")])
  }

  @Test func invalidUTF8IsUnknown() {
    #expect(keys([0xff, 0x61]) == [.unknown([0xff]), .character("a")])
    #expect(keys([0xe2, 0x41]) == [.unknown([0xe2]), .character("A")])
    var parser = KeyParser()
    #expect(parser.feed([0xe2, 0x82]) == [])
    #expect(parser.flushPending() == [.unknown([0xe2, 0x82])])
  }

  @Test func lettersAndDigits() {
    let text = "azAZ09 ~"
    #expect(keys(Array(text.utf8)) == text.map { .character($0) })
  }

  @Test func severalKeysInOneChunk() {
    let bytes: [UInt8] = [0x6a] + escape("[B") + [0x0d, 0x03] + escape("OA") + [0x6b]
    #expect(
      keys(bytes) == [.character("j"), .down, .enter, .control("c"), .up, .character("k")])
  }

  @Test func descriptionsAreReadable() {
    #expect(Key.control("c").description == "ctrl-c")
    #expect(Key.pageUp.description == "page-up")
    #expect(Key.unknown([0x1b, 0x5b]).description == "unknown(1b 5b)")
  }
}
