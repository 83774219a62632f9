import Dispatch

/// Writes byte buffers to an `AtomicFileWriter` on a background thread, in the order they were
/// queued, while the caller goes on; a buffer may first be computed on a worker thread.
///
/// At most `maxPending` buffers are queued or being computed at a time (`enqueue` waits for
/// room), so memory stays bounded. The first write error is kept and thrown by `finish()`;
/// nothing is written after it.
final class BackgroundFileWriter: @unchecked Sendable {
  // @unchecked: `sink`, `failure` and `unsyncedBytes` are touched only on `queue`; `finish()`
  // reads `failure` inside `queue.sync`.
  private let sink: AtomicFileWriter
  private let queue = DispatchQueue(label: "TensorFiles.BackgroundFileWriter")
  private let room: DispatchSemaphore
  private var failure: (any Error)?
  private var unsyncedBytes = 0

  /// Bytes after which the file's new pages are handed to the disk (`startWriteback`), so that
  /// the final `fsync` of `AtomicFileWriter.commit()` has little left to wait for.
  static let writebackInterval = 8 << 20

  /// A writer to `sink` with at most `maxPending` buffers in flight.
  init(_ sink: AtomicFileWriter, maxPending: Int) {
    self.sink = sink
    room = DispatchSemaphore(value: max(1, maxPending))
  }

  /// Queues `bytes` to be written after everything queued before.
  func enqueue(_ bytes: [UInt8]) {
    room.wait()
    queue.async {
      self.write(bytes)
      self.room.signal()
    }
  }

  /// Computes a buffer with `make` on a worker thread and writes it after everything queued
  /// before.
  func enqueue(computing make: @escaping @Sendable () -> [UInt8]) {
    room.wait()
    let result = ResultBox()
    let done = DispatchGroup()
    DispatchQueue.global().async(group: done) { result.bytes = make() }
    queue.async {
      done.wait()
      self.write(result.bytes)
      result.bytes = []
      self.room.signal()
    }
  }

  /// Waits until everything queued is written and throws the first write error, if any.
  func finish() throws {
    try queue.sync {
      if let failure { throw failure }
    }
  }

  private func write(_ bytes: [UInt8]) {
    guard failure == nil, !bytes.isEmpty else { return }
    do {
      try sink.write(bytes)
    } catch {
      failure = error
      return
    }
    unsyncedBytes += bytes.count
    if unsyncedBytes >= Self.writebackInterval {
      sink.startWriteback()
      unsyncedBytes = 0
    }
  }

  /// One computed buffer, written by its worker before the writer reads it (the group orders
  /// the two).
  private final class ResultBox: @unchecked Sendable {
    var bytes: [UInt8] = []
  }
}
