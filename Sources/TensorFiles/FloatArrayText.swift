import Dispatch

/// Large float arrays as JSON text, formatted on several threads.
///
/// Every value is written as `Float.description` would print it (the shortest text that reads
/// back to the same bits; `ShortestFloat` writes it straight into the buffer), so the bytes are
/// the same whatever the thread count. The array is cut into batches of
/// `threads * pieceSize` values; each thread formats one piece of a batch into its own buffer
/// and the pieces are appended in order, so memory grows by at most one batch of text
/// (`threads * pieceSize` values, about 1 MB on two threads). A writer that writes in the
/// background takes the pieces one by one instead (`enqueuePieces`): each is formatted on a
/// worker and written from its own buffer, a few pieces in flight at a time.
enum FloatArrayText {
  /// Arrays with fewer values than this are formatted on the calling thread.
  static let parallelThreshold = 1 << 15
  /// Values formatted by one thread at a time (about 400 KB of text).
  static let pieceSize = 1 << 15

  /// Threads used for large arrays.
  static var threadCount: Int { Parallelism.threadCount }

  /// Appends the next batch of `values` from index `start` (without brackets), `", "` before
  /// every element but the first of the whole array, and returns where the next batch starts.
  /// `threads` is the most threads to use (tests vary it; the bytes never change).
  static func appendBatch(
    _ values: UnsafeBufferPointer<Float>, from start: Int, negativeInfinityAsNull: Bool,
    to out: inout [UInt8], threads requested: Int = threadCount
  ) -> Int {
    let threads = values.count < parallelThreshold ? 1 : max(1, requested)
    let batch = start..<min(values.count, start + threads * pieceSize)
    if threads == 1 || batch.count <= pieceSize {
      out.append(contentsOf: format(values, batch, negativeInfinityAsNull))
    } else {
      for piece in formatInParallel(values, batch, negativeInfinityAsNull) {
        out.append(contentsOf: piece)
      }
    }
    return batch.upperBound
  }

  /// Queues the text of all of `values` (without brackets) to `writer` as pieces of
  /// `pieceSize` values, each formatted on a worker thread (on the calling thread when
  /// `threads` is 1) and written in order from its own buffer.
  static func enqueuePieces(
    of values: [Float], negativeInfinityAsNull: Bool, to writer: BackgroundFileWriter,
    threads: Int = threadCount
  ) {
    var lower = 0
    while lower < values.count {
      let range = lower..<min(values.count, lower + pieceSize)
      if threads > 1 {
        writer.enqueue(computing: {
          values.withUnsafeBufferPointer { format($0, range, negativeInfinityAsNull) }
        })
      } else {
        writer.enqueue(values.withUnsafeBufferPointer { format($0, range, negativeInfinityAsNull) })
      }
      lower = range.upperBound
    }
  }

  /// Formats `batch` as consecutive pieces of `pieceSize` values, one thread per piece.
  private static func formatInParallel(
    _ values: UnsafeBufferPointer<Float>, _ batch: Range<Int>, _ nullForNegativeInfinity: Bool
  ) -> [[UInt8]] {
    let pieceCount = (batch.count + pieceSize - 1) / pieceSize
    let results = ResultSlots(count: pieceCount)
    defer { results.release() }
    let source = SharedFloats(values: values)
    DispatchQueue.concurrentPerform(iterations: pieceCount) { i in
      let lower = batch.lowerBound + i * pieceSize
      let range = lower..<min(batch.upperBound, lower + pieceSize)
      results.slots[i] = format(source.values, range, nullForNegativeInfinity)  // own slot
    }
    return Array(results.slots)
  }

  /// Bytes one value takes at most, with the `", "` before it.
  private static let maxValueLength = ShortestFloat.maxLength + 2

  /// The text of `values[range]`, each value preceded by `", "` unless it is the array's first.
  private static func format(
    _ values: UnsafeBufferPointer<Float>, _ range: Range<Int>, _ nullForNegativeInfinity: Bool
  ) -> [UInt8] {
    [UInt8](unsafeUninitializedCapacity: range.count * maxValueLength) { buffer, count in
      guard let base = buffer.baseAddress else { return }
      var p = base
      for j in range {
        if j > 0 {
          p[0] = UInt8(ascii: ",")
          p[1] = UInt8(ascii: " ")
          p += 2
        }
        let v = values[j]
        if nullForNegativeInfinity && v == -.infinity {
          for (k, byte) in "null".utf8.enumerated() { p[k] = byte }
          p += 4
        } else {
          p += ShortestFloat.write(v, to: p)
        }
      }
      count = base.distance(to: p)
    }
  }

  /// The input array, read (never written) by every thread.
  private struct SharedFloats: @unchecked Sendable {
    let values: UnsafeBufferPointer<Float>
  }

  /// One output buffer per piece; each thread writes only its own slot.
  private struct ResultSlots: @unchecked Sendable {
    let slots: UnsafeMutableBufferPointer<[UInt8]>

    init(count: Int) {
      slots = .allocate(capacity: count)
      slots.initialize(repeating: [])
    }

    func release() {
      _ = slots.deinitialize()
      slots.deallocate()
    }
  }
}
