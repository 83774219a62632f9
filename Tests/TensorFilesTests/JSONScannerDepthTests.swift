import Foundation
import Testing

@testable import TensorFiles

/// `levels` arrays nested in each other, with `1` at the bottom.
private func nestedArrays(_ levels: Int) -> String {
  String(repeating: "[", count: levels) + "1" + String(repeating: "]", count: levels)
}

private func skip(_ text: String) throws -> Range<Int> {
  try Array(text.utf8).withUnsafeBufferPointer { b in
    var s = JSONScanner(b)
    return try s.skipValue()
  }
}

@Test func nestingUpToTheLimitIsRead() throws {
  let text = nestedArrays(JSONScanner.maximumDepth)
  #expect(try skip(text) == 0..<text.utf8.count)
}

@Test func nestingBeyondTheLimitIsAnErrorAtTheBracket() throws {
  let limit = JSONScanner.maximumDepth
  // The bracket that opens level limit + 1 is at byte `limit` (levels 1...limit are 0..<limit).
  #expect(throws: JSONSyntaxError.tooDeep(offset: limit, limit: limit)) {
    try skip(nestedArrays(limit + 1))
  }
  let objects =
    String(repeating: "{\"a\":", count: limit + 1) + "1"
    + String(repeating: "}", count: limit + 1)
  #expect(throws: JSONSyntaxError.tooDeep(offset: 5 * limit, limit: limit)) { try skip(objects) }
}

@Test func hostileNestingDoesNotOverflowTheStack() throws {
  // 100,000 levels inside an unknown field: the reader skips it and stops at the limit.
  let text = "{\"junk\": " + String(repeating: "[", count: 100_000) + "}"
  let error = try #require(throws: JSONSyntaxError.self) {
    try Array(text.utf8).withUnsafeBufferPointer { b in
      var s = JSONScanner(b)
      try s.readObject { s, _ in try s.skipValue() }
    }
  }
  // The root object is level 1, so the bracket of level limit + 1 is the limit-th '['.
  #expect(error == .tooDeep(offset: 9 + JSONScanner.maximumDepth - 1, limit: 64))
  #expect(error.description == "JSON nested deeper than 64 levels at byte \(9 + 63)")
}

@Test func depthCountsAcrossReadersAndIsRestored() throws {
  let text = "{\"a\": [1, [2]], \"b\": {\"c\": []}}"
  try Array(text.utf8).withUnsafeBufferPointer { b in
    var s = JSONScanner(b)
    var deepest = 0
    try s.readObject { s, key in
      #expect(s.depth == 1)
      if key == "a" {
        try s.readArray { s, _ in
          deepest = max(deepest, s.depth)
          try s.skipValue()
        }
      } else {
        try s.skipValue()
      }
      #expect(s.depth == 1)
    }
    #expect(deepest == 2)
    #expect(s.depth == 0)
  }
}
