import Foundation
import Testing

@testable import TensorFiles

/// Copying little-endian Float32 data with the finiteness check fused in, checked against a
/// plain element-by-element copy and `isFinite` written here.
@Suite struct FloatCopyTests {
  /// `count` bit patterns of every kind: normal, subnormal, ±0, extremes, with no NaN or
  /// infinity (their exponent bits are never all ones).
  static func finiteBits(_ count: Int, seed: UInt32 = 7) -> [UInt32] {
    var state = seed
    return (0..<count).map { _ in
      state = state &* 1_664_525 &+ 1_013_904_223
      let bits = state
      return bits & 0x7F80_0000 == 0x7F80_0000 ? bits & 0xBFFF_FFFF : bits
    }
  }

  /// The little-endian bytes of `bits`, after `offset` bytes of padding (to misalign them).
  static func bytes(_ bits: [UInt32], offset: Int = 0) -> [UInt8] {
    [UInt8](repeating: 0xAB, count: offset)
      + bits.flatMap { b in (0..<4).map { UInt8(truncatingIfNeeded: b >> (8 * $0)) } }
  }

  /// The index of the first value whose bits are NaN or infinite, by `isFinite`.
  static func referenceFirstBad(_ bits: [UInt32]) -> Int? {
    bits.firstIndex { !Float(bitPattern: $0).isFinite }
  }

  static let specials: [UInt32] = [
    0x7F80_0000, 0xFF80_0000, 0x7FC0_0000, 0xFFC0_0001, 0x7F80_0001, 0x7FFF_FFFF,
  ]

  @Test func copiesEveryBitAndFindsTheFirstNonFiniteValue() {
    for count in [0, 1, 7, 8, 9, 15, 16, 17, 63, 64, 65] {
      for offset in 0..<4 {
        var cases: [[UInt32]] = [Self.finiteBits(count)]
        for special in Self.specials where count > 0 {
          for at in Set([0, count / 2, count - 1]) {
            var bits = Self.finiteBits(count)
            bits[at] = special
            cases.append(bits)
          }
        }
        if count > 9 {  // two bad values: the first is reported
          var bits = Self.finiteBits(count)
          bits[count - 1] = 0x7F80_0000
          bits[9] = 0xFFC0_0000
          cases.append(bits)
        }
        for bits in cases {
          let source = Self.bytes(bits, offset: offset)
          var target = [Float](repeating: 42, count: count)
          let found = source.withUnsafeBytes { raw in
            target.withUnsafeMutableBufferPointer { out in
              FloatCopy.copyLittleEndian(
                from: raw.baseAddress! + offset, to: out.baseAddress!, count: count)
            }
          }
          #expect(target.map(\.bitPattern) == bits, "count \(count) offset \(offset)")
          #expect(found == Self.referenceFirstBad(bits), "count \(count) offset \(offset)")
          #expect(FloatCopy.firstNonFinite(target) == Self.referenceFirstBad(bits))
        }
      }
    }
  }

  /// Large arrays are cut into ranges copied by separate threads; the bad index found must be
  /// the first one whichever range holds it, and the bits are the same for any thread count.
  @Test(arguments: [1, 2, 3])
  func parallelCopiesReportTheFirstBadIndexOfAnyRange(threads: Int) {
    let count = 10_000 + 3  // ranges of 1024-value steps, and a ragged end
    let finite = Self.finiteBits(count, seed: 11)
    let step = (count / threads + 1023) & ~1023
    var positions = [0, 1, count - 1, count / 2, step - 1, step, step + 5, 2 * step + 7]
    positions = positions.filter { $0 < count }
    for at in positions {
      for special in [Self.specials[0], Self.specials[2]] {
        var bits = finite
        bits[at] = special
        let source = Self.bytes(bits, offset: 1)
        let (values, bad) = source.withUnsafeBytes { raw in
          FloatCopy.array(
            littleEndian: raw.baseAddress! + 1, count: count, threads: threads,
            minimumPerThread: 1000)
        }
        #expect(values.map(\.bitPattern) == bits)
        #expect(bad == at, "threads \(threads), bad value at \(at)")
      }
    }
    // A bad value in a later range and another in an earlier one: the earlier is reported.
    var bits = finite
    bits[count - 1] = 0x7F80_0000
    bits[3] = 0xFF80_0000
    let source = Self.bytes(bits)
    let found = source.withUnsafeBytes { raw in
      FloatCopy.array(
        littleEndian: raw.baseAddress!, count: count, threads: threads, minimumPerThread: 1000
      ).firstNonFinite
    }
    #expect(found == 3)
    let clean = Self.bytes(finite).withUnsafeBytes { raw in
      FloatCopy.array(
        littleEndian: raw.baseAddress!, count: count, threads: threads, minimumPerThread: 1000)
    }
    #expect(clean.values.map(\.bitPattern) == finite)
    #expect(clean.firstNonFinite == nil)
  }

  @Test func safetensorsF32IsCheckedInTheSamePassOnAnyThreadCount() throws {
    let count = 6000
    var bits = Self.finiteBits(count, seed: 3)
    bits[count - 1] = 0x7FC0_0000  // NaN in the last value: the last thread's range
    let header = "{\"t\": {\"dtype\": \"F32\", \"shape\": [2, 3000], \"data_offsets\": [0, 24000]}}"
    let file =
      (0..<8).map { UInt8(truncatingIfNeeded: header.utf8.count >> (8 * $0)) }
      + Array(header.utf8) + Self.bytes(bits)
    try file.withUnsafeBufferPointer { b in
      let parsed = try SafetensorsHeader(b)
      let entry = try #require(parsed.entries["t"])
      for threads in [1, 2, 4] {
        let result = try #require(parsed.checkedFloats(entry, in: b, threads: threads))
        #expect(result.values.map(\.bitPattern) == bits)
        #expect(result.firstNonFinite == count - 1)
      }
      #expect(parsed.floats(entry, in: b)?.map(\.bitPattern) == bits)
    }
  }

  @Test func populatingPagesKeepsWhatIsThere() {
    // Whole pages inside, ragged ends, empty and nil buffers: contents never change.
    var bytes = (0..<(3 * 4096 + 123)).map { UInt8(truncatingIfNeeded: $0 &* 7) }
    let before = bytes
    bytes.withUnsafeMutableBytes { raw in
      FreshPages.populate(forWriting: raw)
      FreshPages.populate(forWriting: UnsafeMutableRawBufferPointer(rebasing: raw[5..<100]))
      FreshPages.populate(forWriting: UnsafeMutableRawBufferPointer(rebasing: raw[0..<0]))
    }
    FreshPages.populate(forWriting: UnsafeMutableRawBufferPointer(start: nil, count: 0))
    #expect(bytes == before)
    // Copies long enough to populate several steps, ending inside a step.
    let count = 3 * FloatCopy.populateStep + 5
    let bits = Self.finiteBits(count, seed: 5)
    let copied = Self.bytes(bits).withUnsafeBytes { raw in
      FloatCopy.array(littleEndian: raw.baseAddress!, count: count, threads: 1)
    }
    #expect(copied.values.map(\.bitPattern) == bits)
    #expect(copied.firstNonFinite == nil)
  }

  /// Reading with `pread` from the open file gives what copying from the mapping gives: the
  /// same bits and the same first bad index, on any thread count; where the file cannot be
  /// read (a bad descriptor, a file shorter than the values) the mapping is used instead.
  @Test(arguments: [1, 2, 3])
  func readingTheFileGivesTheSameAsCopying(threads: Int) throws {
    let count = 3 * FloatCopy.populateStep / 2 + 3  // two megabyte steps and a ragged end
    let path = FileManager.default.temporaryDirectory.appendingPathComponent(
      "floatcopy-\(ProcessInfo.processInfo.processIdentifier)-\(threads)"
    ).path
    defer { try? FileManager.default.removeItem(atPath: path) }
    let step = (count / threads + 1023) & ~1023
    let positions: [Int?] = [nil, 0, count - 1, step, FloatCopy.populateStep + 1]
    for at in positions where (at ?? 0) < count {
      var bits = Self.finiteBits(count, seed: 9)
      if let at { bits[at] = 0x7FC0_0000 }
      let file = Self.bytes(bits, offset: 3)  // the values start at byte 3 of the file
      #expect(FileManager.default.createFile(atPath: path, contents: Data(file)))
      let fd = open(path, O_RDONLY)
      #expect(fd >= 0)
      defer { close(fd) }
      for descriptor in [fd, -1] {
        let result = file.withUnsafeBytes { raw in
          FloatCopy.array(
            littleEndian: raw.baseAddress! + 3, count: count, reading: descriptor, at: 3,
            threads: threads, minimumPerThread: 1000)
        }
        #expect(result.values.map(\.bitPattern) == bits, "descriptor \(descriptor)")
        #expect(result.firstNonFinite == at, "descriptor \(descriptor), bad value at \(at ?? -1)")
      }
      // A file cut short: the values past its end come from the mapping.
      #expect(truncate(path, off_t(3 + 4 * (count / 2) + 2)) == 0)
      let short = file.withUnsafeBytes { raw in
        FloatCopy.array(
          littleEndian: raw.baseAddress! + 3, count: count, reading: fd, at: 3,
          threads: threads, minimumPerThread: 1000)
      }
      #expect(short.values.map(\.bitPattern) == bits)
      #expect(short.firstNonFinite == at)
    }
  }
}
