import Dispatch

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

extension JSONScanner {
  /// Float arrays with at least this many bytes of text are parsed on several threads.
  static let parallelFloatArrayBytes = 1 << 19

  /// Reads an array of floats; `null` elements become `nullValue`, or are an error if it is nil.
  ///
  /// Large arrays are cut at commas into one piece per thread (`Parallelism.threadCount`), each
  /// parsed on its own thread and appended in order, so the values are the same whatever the
  /// thread count. If any piece does not parse, the whole array is read again on this thread,
  /// which reports the error exactly as it would have anyway.
  public mutating func readFloats(
    into values: inout [Float], nullValue: Float? = nil
  ) throws(JSONSyntaxError) {
    try readFloats(into: &values, nullValue: nullValue, threads: Parallelism.threadCount)
  }

  /// `readFloats(into:nullValue:)` on at most `threads` threads, in parallel from
  /// `parallelBytes` bytes of text (tests vary both).
  mutating func readFloats(
    into values: inout [Float], nullValue: Float?, threads: Int,
    parallelBytes: Int = parallelFloatArrayBytes
  ) throws(JSONSyntaxError) {
    try expect(UInt8(ascii: "["), "'['")
    if try peek() == UInt8(ascii: "]") {
      offset += 1
      return
    }
    if threads > 1,
      let (pieces, close) = readPiecesInParallel(nullValue, threads: threads, from: parallelBytes)
    {
      values.reserveCapacity(values.count + pieces.reduce(0) { $0 + $1.count })
      for piece in pieces { values.append(contentsOf: piece) }
      offset = close + 1
      return
    }
    while true {
      if try peek() == UInt8(ascii: "n") {
        guard let nullValue else { throw .malformed(offset: offset, expected: "a number") }
        _ = try readNullIfPresent()
        values.append(nullValue)
      } else {
        values.append(try readFloat())
      }
      let next = try peek()
      offset += 1
      if next == UInt8(ascii: "]") { return }
      guard next == UInt8(ascii: ",") else {
        throw .malformed(offset: offset - 1, expected: "',' or ']'")
      }
    }
  }

  /// The elements from `offset` (just inside the array) to the first `]`, parsed in pieces on
  /// up to `threads` threads, with the offset of that `]`; nil when the text is shorter than
  /// `minimumBytes` or any piece fails to parse.
  private func readPiecesInParallel(
    _ nullValue: Float?, threads: Int, from minimumBytes: Int
  ) -> (pieces: [[Float]], close: Int)? {
    guard let base = bytes.baseAddress, offset < bytes.count,
      let found = memchr(base + offset, Int32(UInt8(ascii: "]")), bytes.count - offset)
    else { return nil }
    let close = UnsafeRawPointer(base).distance(to: UnsafeRawPointer(found))
    guard close - offset >= minimumBytes else { return nil }
    let pieces = cutAtCommas(offset..<close, into: threads)
    let results = FloatPieceSlots(count: pieces.count)
    defer { results.release() }
    let text = SharedText(bytes: bytes)
    DispatchQueue.concurrentPerform(iterations: pieces.count) { i in
      results.slots[i] = Self.parsePiece(text.bytes, pieces[i], nullValue)  // own slot
    }
    var parsed: [[Float]] = []
    for result in results.slots {
      guard let result else { return nil }
      parsed.append(result)
    }
    return (parsed, close)
  }

  /// `range` cut into at most `count` pieces of about equal length, each ending just before a
  /// comma (which belongs to no piece).
  private func cutAtCommas(_ range: Range<Int>, into count: Int) -> [Range<Int>] {
    guard let base = bytes.baseAddress else { return [range] }
    var pieces: [Range<Int>] = []
    var lower = range.lowerBound
    for k in 1..<count {
      let target = range.lowerBound + range.count / count * k
      guard target > lower,
        let found = memchr(base + target, Int32(UInt8(ascii: ",")), range.upperBound - target)
      else { continue }
      let comma = UnsafeRawPointer(base).distance(to: UnsafeRawPointer(found))
      pieces.append(lower..<comma)
      lower = comma + 1
    }
    pieces.append(lower..<range.upperBound)
    return pieces
  }

  /// The comma-separated elements of `piece`, or nil if they do not parse.
  private static func parsePiece(
    _ bytes: UnsafeBufferPointer<UInt8>, _ piece: Range<Int>, _ nullValue: Float?
  ) -> [Float]? {
    var scanner = JSONScanner(
      UnsafeBufferPointer(rebasing: bytes[0..<piece.upperBound]), offset: piece.lowerBound)
    var values: [Float] = []
    values.reserveCapacity(piece.count / 8)
    do {
      while true {
        if try scanner.peek() == UInt8(ascii: "n") {
          guard let nullValue, try scanner.readNullIfPresent() else { return nil }
          values.append(nullValue)
        } else {
          values.append(try scanner.readFloat())
        }
        if scanner.isAtEnd() { return values }
        try scanner.expect(UInt8(ascii: ","), "','")
      }
    } catch {
      return nil
    }
  }

  /// The text, read (never written) by every thread.
  private struct SharedText: @unchecked Sendable {
    let bytes: UnsafeBufferPointer<UInt8>
  }

  /// One result per piece; each thread writes only its own slot.
  private struct FloatPieceSlots: @unchecked Sendable {
    let slots: UnsafeMutableBufferPointer<[Float]?>

    init(count: Int) {
      slots = .allocate(capacity: count)
      slots.initialize(repeating: nil)
    }

    func release() {
      _ = slots.deinitialize()
      slots.deallocate()
    }
  }
}
