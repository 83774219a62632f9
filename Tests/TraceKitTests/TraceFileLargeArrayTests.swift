import Foundation
import Testing

@testable import TensorFiles
@testable import TinyGPT
@testable import TraceKit

/// Values of every kind: ordinary, tiny, huge, subnormal, signed zeros, exact integers, and
/// `-infinity` (a masked score), in a fixed pseudo-random order.
private func mixedFloats(count: Int) -> [Float] {
  var state: UInt64 = 0x9E37_79B9_7F4A_7C15
  return (0..<count).map { i in
    state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
    let bits = UInt32(truncatingIfNeeded: state >> 32)
    switch i % 7 {
    case 0: return -.infinity
    case 1: return Float(bitPattern: bits & 0x807F_FFFF)  // subnormal or zero
    case 2: return Float(Int32(truncatingIfNeeded: bits) >> 8)  // an integer
    default:
      let value = Float(bitPattern: bits)
      return value.isFinite ? value : 1.5
    }
  }
}

/// The array text written independently: `Float.description` joined by ", ", null for -inf.
private func referenceText(_ values: [Float]) -> String {
  "[" + values.map { $0 == -.infinity ? "null" : $0.description }.joined(separator: ", ") + "]"
}

@Test func floatArrayTextIsTheSameOnAnyThreadCount() {
  let values = mixedFloats(count: 3 * FloatArrayText.pieceSize + 17)
  let expected = Array(referenceText(values).utf8)
  for threads in [1, 2, 3, 5] {
    var out: [UInt8] = [UInt8(ascii: "[")]
    values.withUnsafeBufferPointer { buffer in
      var start = 0
      while start < buffer.count {
        start = FloatArrayText.appendBatch(
          buffer, from: start, negativeInfinityAsNull: true, to: &out, threads: threads)
      }
    }
    out.append(UInt8(ascii: "]"))
    #expect(out == expected, "\(threads) threads")
  }
  var writer = JSONWriter()
  writer.floats(values, negativeInfinityAsNull: true)
  #expect(writer.bytes == expected)
  var small = JSONWriter()
  small.floats(Array(values.prefix(5)), negativeInfinityAsNull: true)
  #expect(small.bytes == Array(referenceText(Array(values.prefix(5))).utf8))
}

@Test func largeActivationRoundTripsBitExactWhenStreamed() throws {
  let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tl-\(getpid())").path
  try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
  defer { try? FileManager.default.removeItem(atPath: dir) }
  var trace = makeTestTrace(passes: 1)
  let count = 2 * FloatArrayText.pieceSize + 5
  trace.passes[0].activations.append(
    Activation(name: "big", axes: ["i"], shape: [count], data: mixedFloats(count: count)))
  let expected = try TraceFile.encode(trace)
  let back = try TraceFile.decode(expected)
  #expect(bitIdentical(back, trace))
  let big = try #require(back.passes[0].activation(named: "big"))
  #expect(big.data.map(\.bitPattern) == mixedFloats(count: count).map(\.bitPattern))
  for size in [4096, 1 << 20] {
    let path = "\(dir)/big\(size).json"
    try TraceFile.write(trace, to: .file(path: path, replacing: false), bufferSize: size)
    #expect(try FileBytes.read(contentsOf: path) == expected, "buffer \(size)")
  }
}

@Test func theFastScanFindsTheFirstNaNOrPlusInfinityLikeASimpleLoop() {
  let nans: [Float] = [
    .nan, -.nan, .signalingNaN, Float(bitPattern: 0x7F80_0001), Float(bitPattern: 0xFFFF_FFFF),
  ]
  var values = mixedFloats(count: 1000).map { $0.isFinite ? $0 : -.infinity }
  #expect(TraceFile.firstUnwritable(values) == nil)  // -infinity is allowed
  #expect(TraceFile.firstUnwritable([]) == nil)
  for position in [0, 1, 7, 8, 31, 500, 999] {
    for bad in nans + [.infinity] {
      var copy = values
      copy[position] = bad
      copy[999] = bad  // a later one too: the first is reported
      let expected = copy.indices.first { copy[$0].isNaN || copy[$0] == .infinity }
      #expect(TraceFile.firstUnwritable(copy) == expected, "\(bad.bitPattern) at \(position)")
    }
  }
  values[3] = .greatestFiniteMagnitude
  values[4] = -.greatestFiniteMagnitude
  #expect(TraceFile.firstUnwritable(values) == nil)
}
