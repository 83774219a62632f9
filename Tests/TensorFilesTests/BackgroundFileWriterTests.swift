import Foundation
import Testing

@testable import TensorFiles

/// A fresh directory, removed by the caller.
private func scratchDirectory() throws -> String {
  let path = FileManager.default.temporaryDirectory.appendingPathComponent(
    "background-writer-\(UUID().uuidString)"
  ).path
  try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
  return path
}

/// The array text written independently: `Float.description` joined by ", ", null for -inf.
private func referenceText(_ values: [Float], nullForNegativeInfinity: Bool = true) -> String {
  let items = values.map { nullForNegativeInfinity && $0 == -.infinity ? "null" : $0.description }
  return "[" + items.joined(separator: ", ") + "]"
}

@Test func piecesFormattedOnWorkersAreWrittenInOrderOnAnyThreadCount() throws {
  let dir = try scratchDirectory()
  defer { try? FileManager.default.removeItem(atPath: dir) }
  let size = FloatArrayText.pieceSize
  let arrays = [size - 1, size, size + 1, 3 * size + 17, 1].enumerated().map {
    mixedValues(count: $0.element, seed: UInt64($0.offset) + 7)
  }
  let expected = Array(arrays.map { referenceText($0) }.joined(separator: "\n").utf8)
  for threads in [1, 2, 3] {
    let path = "\(dir)/pieces\(threads).json"
    let file = try AtomicFileWriter(.file(path: path, replacing: false))
    let background = BackgroundFileWriter(file, maxPending: 2)
    for (i, values) in arrays.enumerated() {
      background.enqueue(Array((i == 0 ? "[" : "\n[").utf8))
      FloatArrayText.enqueuePieces(
        of: values, negativeInfinityAsNull: true, to: background, threads: threads)
      background.enqueue(Array("]".utf8))
    }
    try background.finish()
    try file.commit()
    #expect(try FileBytes.read(contentsOf: path) == expected, "\(threads) threads")
  }
}

@Test func aBackgroundJSONWriterWritesTheBytesOfAnInMemoryOne() throws {
  let dir = try scratchDirectory()
  defer { try? FileManager.default.removeItem(atPath: dir) }
  let big = mixedValues(count: 2 * FloatArrayText.pieceSize + 3, seed: 1)
  let small = mixedValues(count: 100, seed: 2)
  func document(_ w: inout JSONWriter) {
    w.raw("{\"a\": ")
    w.floats(big, negativeInfinityAsNull: true)
    w.raw(", \"b\": ")
    w.floats(small, negativeInfinityAsNull: true)
    w.raw(", \"c\": ")
    w.floats(Array(big.prefix(FloatArrayText.pieceSize)).map { $0 == -.infinity ? 1 : $0 })
    w.raw(", \"d\": ")
    w.floats([])
    w.raw("}")
  }
  var memory = JSONWriter()
  document(&memory)
  let finite = Array(big.prefix(FloatArrayText.pieceSize)).map { $0 == -.infinity ? 1 : $0 }
  let reference =
    "{\"a\": \(referenceText(big)), \"b\": \(referenceText(small)), \"c\": "
    + "\(referenceText(finite, nullForNegativeInfinity: false)), \"d\": []}"
  #expect(memory.bytes == Array(reference.utf8))
  for bufferSize in [64, 4096, 1 << 20] {
    let path = "\(dir)/doc\(bufferSize).json"
    let file = try AtomicFileWriter(.file(path: path, replacing: false))
    var writer = JSONWriter(streamingTo: file, bufferSize: bufferSize, inBackground: true)
    document(&writer)
    try writer.finish()
    try file.commit()
    #expect(try FileBytes.read(contentsOf: path) == memory.bytes, "buffer \(bufferSize)")
  }
}

@Test func aBackgroundWriteErrorIsThrownByFinish() throws {
  let dir = try scratchDirectory()
  defer { try? FileManager.default.removeItem(atPath: dir) }
  let file = try AtomicFileWriter(.file(path: dir + "/closed.json", replacing: false))
  try file.commit()  // closed: every later write fails
  var writer = JSONWriter(streamingTo: file, bufferSize: 64, inBackground: true)
  let finite = mixedValues(count: FloatArrayText.pieceSize + 1, seed: 3).map {
    $0.isFinite ? $0 : 1
  }
  writer.floats(finite)
  #expect(throws: FileError.self) { try writer.finish() }
}

@Test func startingWritebackEarlyKeepsTheBytes() throws {
  let dir = try scratchDirectory()
  defer { try? FileManager.default.removeItem(atPath: dir) }
  let path = dir + "/hinted.bin"
  let file = try AtomicFileWriter(.file(path: path, replacing: false))
  let first = [UInt8](repeating: 7, count: 100_000)
  let second = (0..<50_000).map { UInt8(truncatingIfNeeded: $0) }
  try file.write(first)
  file.startWriteback()
  file.startWriteback()  // nothing new: does nothing
  try file.write(second)
  file.startWriteback()
  try file.commit()
  #expect(try FileBytes.read(contentsOf: path) == first + second)
}
