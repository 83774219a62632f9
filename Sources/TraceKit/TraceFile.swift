import TensorFiles
import TinyGPT

/// Reading and writing traces as JSON or safetensors (`Docs/trace-format.md`).
///
/// Writing streams through a fixed buffer; reading uses a hand-written byte scanner that
/// parses float arrays directly. A trace written and read back is equal bit for bit; masked
/// attention scores (-infinity) are stored as `null`.
public enum TraceFile {
  /// The size of the streaming writer's buffer.
  public static let bufferSize = 1 << 20

  /// The whole file in memory (the streaming writer produces the same bytes).
  public static func encode(_ trace: Trace) throws -> [UInt8] {
    try validate(trace)
    var writer = JSONWriter()
    write(trace, into: &writer)
    return writer.bytes
  }

  /// Writes the file atomically, streaming through a `bufferSize` buffer so that the
  /// activations are never copied whole; an existing file is replaced only if `replacing`.
  public static func write(_ trace: Trace, to path: String, replacing: Bool = false) throws {
    try write(trace, to: .file(path: path, replacing: replacing))
  }

  /// Writes the trace to a file (atomically, by the rules of `OutputTarget`) or to standard
  /// output: as safetensors when the file name ends in `.safetensors`, JSON otherwise.
  public static func write(_ trace: Trace, to target: OutputTarget) throws {
    if case .file(let path, _) = target, path.hasSuffix(".safetensors") {
      try writeSafetensors(trace, to: target)
    } else {
      try write(trace, to: target, bufferSize: bufferSize)
    }
  }

  /// `write(_:to:)` with a chosen buffer size (tests use small ones to exercise flushing).
  static func write(_ trace: Trace, to target: OutputTarget, bufferSize: Int) throws {
    try validate(trace)
    let file = try AtomicFileWriter(target)
    var writer = JSONWriter(streamingTo: file, bufferSize: bufferSize, inBackground: true)
    write(trace, into: &writer)
    try writer.finish()
    try file.commit()
  }

  /// Reads a trace file.
  public static func read(contentsOf path: String) throws -> Trace {
    try decode(FileBytes.read(contentsOf: path))
  }

  /// Decodes the bytes of a trace file, JSON or safetensors (told apart by the first byte).
  public static func decode(_ bytes: [UInt8]) throws -> Trace {
    try bytes.withUnsafeBufferPointer { buffer in
      if isSafetensors(buffer) { return try decodeSafetensors(buffer) }
      var reader = TraceReader(scanner: JSONScanner(buffer))
      return try reader.readTrace()
    }
  }
}
