/// A JSON byte writer that either collects everything in memory or streams to a file.
///
/// Streaming writers flush their buffer to the file whenever it reaches `flushThreshold`
/// bytes, so memory stays bounded however big the document is. A write error is kept and
/// reported by `finish()`; writing after it does nothing.
///
/// A writer that writes in the background hands each full buffer to a `BackgroundFileWriter`
/// and goes on, and formats large float arrays piece by piece on worker threads, the pieces
/// written in order straight from their own buffers: formatting, copying into the file and
/// the disk's work overlap. The bytes are the same.
public struct JSONWriter {
  /// Bytes written and not yet flushed (for an in-memory writer: everything).
  public private(set) var bytes: [UInt8] = []
  private let sink: AtomicFileWriter?
  private let background: BackgroundFileWriter?
  private let flushThreshold: Int
  private var failure: (any Error)?

  /// A writer that keeps all bytes in `bytes`.
  public init() {
    sink = nil
    background = nil
    flushThreshold = Int.max
  }

  /// A writer that streams to `file` through a buffer of `bufferSize` bytes; with
  /// `inBackground`, the file is written on a background thread while the writer goes on (the
  /// caller must then call `finish()` before using the file).
  public init(
    streamingTo file: AtomicFileWriter, bufferSize: Int = 1 << 20, inBackground: Bool = false
  ) {
    sink = file
    // At most two pieces per formatting thread and one buffer in flight.
    background =
      inBackground
      ? BackgroundFileWriter(file, maxPending: 2 * max(2, FloatArrayText.threadCount) + 1) : nil
    flushThreshold = max(bufferSize, 64)
    bytes.reserveCapacity(flushThreshold + 64)
  }

  /// Appends raw bytes (already valid JSON).
  @inline(__always)
  public mutating func raw(_ text: StaticString) {
    bytes.append(
      contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    flushIfFull()
  }

  /// Appends raw bytes (already valid JSON).
  public mutating func raw(bytes more: some Sequence<UInt8>) {
    bytes.append(contentsOf: more)
    flushIfFull()
  }

  /// Appends an integer.
  public mutating func int(_ value: some BinaryInteger) {
    bytes.append(contentsOf: String(value).utf8)
    flushIfFull()
  }

  /// Appends a finite float in its shortest round-tripping form (the bytes of
  /// `Float.description`).
  @inline(__always)
  public mutating func float(_ value: Float) {
    withUnsafeTemporaryAllocation(of: UInt8.self, capacity: ShortestFloat.maxLength) { buffer in
      guard let base = buffer.baseAddress else { return }
      let count = ShortestFloat.write(value, to: base)
      bytes.append(contentsOf: UnsafeBufferPointer(start: base, count: count))
    }
    flushIfFull()
  }

  /// Appends `values` as a JSON array on one line; `-infinity` becomes `null` when
  /// `negativeInfinityAsNull` is set. The caller has checked there is no other non-finite value.
  ///
  /// Large arrays are formatted on several threads (`FloatArrayText`); the bytes are the same.
  public mutating func floats(_ values: [Float], negativeInfinityAsNull: Bool = false) {
    bytes.append(UInt8(ascii: "["))
    if let background, values.count >= FloatArrayText.parallelThreshold {
      flush()  // the text before the array goes first
      FloatArrayText.enqueuePieces(
        of: values, negativeInfinityAsNull: negativeInfinityAsNull, to: background)
      bytes.append(UInt8(ascii: "]"))
      flushIfFull()
      return
    }
    values.withUnsafeBufferPointer { buffer in
      var start = 0
      while start < buffer.count {
        start = FloatArrayText.appendBatch(
          buffer, from: start, negativeInfinityAsNull: negativeInfinityAsNull, to: &bytes)
        flushIfFull()
      }
    }
    bytes.append(UInt8(ascii: "]"))
    flushIfFull()
  }

  /// Appends a string literal, escaping quotes, backslashes and control characters; non-ASCII
  /// is written as raw UTF-8.
  public mutating func string(_ value: String) {
    bytes.append(UInt8(ascii: "\""))
    for b in value.utf8 {
      switch b {
      case UInt8(ascii: "\""): bytes += [UInt8(ascii: "\\"), UInt8(ascii: "\"")]
      case UInt8(ascii: "\\"): bytes += [UInt8(ascii: "\\"), UInt8(ascii: "\\")]
      case 0x0A: bytes += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
      case 0x0D: bytes += [UInt8(ascii: "\\"), UInt8(ascii: "r")]
      case 0x09: bytes += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
      case 0..<0x20:
        let hex = Array("0123456789abcdef".utf8)
        bytes += [
          UInt8(ascii: "\\"), UInt8(ascii: "u"), 0x30, 0x30, hex[Int(b >> 4)], hex[Int(b & 15)],
        ]
      default: bytes.append(b)
      }
    }
    bytes.append(UInt8(ascii: "\""))
    flushIfFull()
  }

  /// Appends `"key": `.
  public mutating func key(_ name: String) {
    string(name)
    raw(": ")
  }

  /// Appends an array of strings on one line.
  public mutating func strings(_ values: [String]) {
    raw("[")
    for (i, v) in values.enumerated() {
      if i > 0 { raw(", ") }
      string(v)
    }
    raw("]")
  }

  /// Appends an array of integers on one line.
  public mutating func ints(_ values: [Int]) {
    raw("[")
    for (i, v) in values.enumerated() {
      if i > 0 { raw(", ") }
      int(v)
    }
    raw("]")
  }

  @inline(__always)
  private mutating func flushIfFull() {
    if bytes.count >= flushThreshold { flush() }
  }

  private mutating func flush() {
    guard let sink else { return }
    if let background {
      background.enqueue(bytes)
      bytes = []
      bytes.reserveCapacity(flushThreshold + 64)
      return
    }
    if failure == nil {
      do { try sink.write(bytes) } catch { failure = error }
    }
    bytes.removeAll(keepingCapacity: true)
  }

  /// Flushes what is left (streaming) and rethrows the first write error, if any.
  public mutating func finish() throws {
    if sink != nil { flush() }
    if let background, failure == nil {
      do { try background.finish() } catch { failure = error }
    }
    if let failure { throw failure }
  }
}
