import TensorFiles

/// Records what a terminal session writes as an asciicast v2 file, written atomically.
///
/// Pass the recorder as the `observer` of the session's `TerminalWriter`: every chunk the
/// writer writes becomes an output event stamped with the seconds since the recorder was
/// created. Events stream to a temporary file next to `path` (memory stays bounded);
/// `finish()` renames it into place, and a recorder dropped without `finish()` leaves
/// nothing behind. A chunk that ends inside a UTF-8 character keeps those bytes for the
/// next event, so no character is split; invalid UTF-8 becomes U+FFFD.
public final class AsciicastRecorder: TerminalOutputObserver, @unchecked Sendable {
  // @unchecked: all mutable state (`json`, `pending`, `lastTime`, `finished`) is touched only
  // under `lock`.
  private let lock = SignalLock()
  private let file: AtomicFileWriter
  private var json: JSONWriter
  private var pending: [UInt8] = []
  private var lastTime = 0.0
  private var finished = false
  private let start: ContinuousClock.Instant

  /// The file `finish()` creates or replaces.
  public var path: String { file.path }

  /// Starts a recording of a `header.width` x `header.height` terminal; the clock starts now.
  ///
  /// An existing file at `path` is replaced only when `replacing` (and never a special file).
  public init(path: String, replacing: Bool, header: Asciicast.Header) throws {
    file = try AtomicFileWriter(.file(path: path, replacing: replacing))
    json = JSONWriter(streamingTo: file, bufferSize: 1 << 16)
    start = .now
    Asciicast.writeHeader(header, to: &json)
  }

  /// Records `bytes` as an output event at the time elapsed since the recorder started.
  public func terminalWrote(_ bytes: [UInt8]) {
    record(bytes, at: elapsedSeconds())
  }

  /// Records `bytes` as an output event at `time` seconds (empty chunks are skipped).
  public func record(_ bytes: [UInt8], at time: Double) {
    lock.withLock {
      guard !finished else { return }
      lastTime = Swift.max(lastTime, time)
      let chunk = pending + bytes
      let cut = Self.completeUTF8Prefix(chunk)
      pending = Array(chunk[cut...])
      guard cut > 0 else { return }
      let text = String(decoding: chunk[..<cut], as: UTF8.self)
      Asciicast.writeEvent(Asciicast.Event(time: lastTime, data: text), to: &json)
    }
  }

  /// Records an event of another kind now, e.g. `record(code: "r", data: "100x30")` for a
  /// resize or `"m"` for a marker.
  public func record(code: String, data: String) {
    let seconds = elapsedSeconds()
    lock.withLock {
      guard !finished else { return }
      lastTime = Swift.max(lastTime, seconds)
      Asciicast.writeEvent(Asciicast.Event(time: lastTime, code: code, data: data), to: &json)
    }
  }

  /// Writes what is left and moves the file into place. Later records are ignored.
  public func finish() throws {
    try lock.withLock { () throws in
      guard !finished else { return }
      finished = true
      if !pending.isEmpty {
        let text = String(decoding: pending, as: UTF8.self)
        Asciicast.writeEvent(Asciicast.Event(time: lastTime, data: text), to: &json)
        pending = []
      }
      try json.finish()
      try file.commit()
    }
  }

  /// Seconds since the recorder was created.
  private func elapsedSeconds() -> Double {
    let elapsed = ContinuousClock.now - start
    return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
  }

  /// The length of the longest prefix of `bytes` that does not end inside a UTF-8
  /// sequence (an incomplete tail of at most 3 bytes is held back).
  static func completeUTF8Prefix(_ bytes: [UInt8]) -> Int {
    var index = bytes.count
    var continuation = 0
    while index > 0 && continuation < 3 && bytes[index - 1] & 0xC0 == 0x80 {
      index -= 1
      continuation += 1
    }
    guard index > 0 else { return bytes.count }
    let lead = bytes[index - 1]
    let needed: Int
    switch lead {
    case 0xC0...0xDF: needed = 1
    case 0xE0...0xEF: needed = 2
    case 0xF0...0xF7: needed = 3
    default: return bytes.count
    }
    return continuation < needed ? index - 1 : bytes.count
  }
}
