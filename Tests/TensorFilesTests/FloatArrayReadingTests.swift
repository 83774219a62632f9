import Testing

@testable import TensorFiles

/// The array as text, written independently of the code under test.
private func arrayText(_ values: [Float], spaces: String = " ") -> [UInt8] {
  let elements = values.map { $0 == -.infinity ? "null" : $0.description }
  return Array(("[" + elements.joined(separator: "," + spaces) + "]").utf8)
}

/// Text from which the tests parse in parallel (the program's threshold is 512 KB; a small one
/// keeps the debug-build tests fast while still cutting arrays into pieces).
private let parallelBytes = 4096

/// Reads the array in `text` on `threads` threads, returning the values or the error.
private func read(
  _ text: [UInt8], threads: Int, nullValue: Float? = -.infinity
) -> Result<[Float], JSONSyntaxError> {
  text.withUnsafeBufferPointer { buffer in
    var scanner = JSONScanner(buffer)
    var values: [Float] = []
    do throws(JSONSyntaxError) {
      try scanner.readFloats(
        into: &values, nullValue: nullValue, threads: threads, parallelBytes: parallelBytes)
      guard scanner.isAtEnd() else { return .failure(.unexpectedEnd(offset: -1)) }
      return .success(values)
    } catch {
      return .failure(error)
    }
  }
}

@Test func largeFloatArraysReadTheSameOnAnyThreadCount() throws {
  let values = mixedValues(count: 3000, seed: 0x2545_F491_4F6C_DD1D)
  for spaces in [" ", "\n  ", ""] {
    let text = arrayText(values, spaces: spaces)
    #expect(text.count > 5 * parallelBytes)
    for threads in [1, 2, 3, 5] {
      let back = try read(text, threads: threads).get()
      #expect(back.map(\.bitPattern) == values.map(\.bitPattern), "\(threads) threads")
    }
  }
}

@Test func errorsInLargeFloatArraysAreTheSameOnAnyThreadCount() {
  let values = mixedValues(count: 3000, seed: 0x2545_F491_4F6C_DD1D)
  var text = arrayText(values)
  let middle = text.count / 2
  let comma = text[middle...].firstIndex(of: UInt8(ascii: ",")) ?? middle
  var cases: [(String, [UInt8], Float?)] = []
  var badNumber = text
  badNumber.insert(contentsOf: Array(" 1.e3,".utf8), at: comma + 1)
  cases.append(("bad number", badNumber, -.infinity))
  var missingComma = text
  missingComma[comma] = UInt8(ascii: " ")
  cases.append(("missing comma", missingComma, -.infinity))
  var doubleComma = text
  doubleComma.insert(UInt8(ascii: ","), at: comma)
  cases.append(("double comma", doubleComma, -.infinity))
  cases.append(("null not allowed", text, nil))
  text.removeLast()
  cases.append(("no closing bracket", text, -.infinity))
  for (name, bytes, nullValue) in cases {
    let sequential = read(bytes, threads: 1, nullValue: nullValue)
    guard case .failure = sequential else {
      Issue.record("\(name): read without an error")
      continue
    }
    for threads in [2, 3] {
      let parallel = read(bytes, threads: threads, nullValue: nullValue)
      #expect(
        parallel.map { $0.map(\.bitPattern) } == sequential.map { $0.map(\.bitPattern) },
        "\(name), \(threads) threads")
    }
  }
}
