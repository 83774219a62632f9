#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Writes a file atomically: bytes go to a temporary file in the same directory, which
/// `commit()` syncs and renames over `path`; a crash or an error never leaves a partial file.
///
/// Dropping the writer without committing deletes the temporary file.
public final class AtomicFileWriter {
  /// The file that `commit()` creates or replaces.
  public let path: String
  /// The temporary file being written.
  public let temporaryPath: String
  private var fd: Int32

  /// Creates the temporary file next to `path`.
  public init(path: String) throws(FileError) {
    self.path = path
    var state = UInt64(UInt32(bitPattern: getpid())) << 32 ^ UInt64(time(nil))
    var fd: Int32 = -1
    var candidate = ""
    for _ in 0..<16 {
      candidate = path + ".tmp-\(getpid())-\(String(Self.mix(&state) & 0xFFFF_FFFF, radix: 16))"
      fd = open(candidate, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
      if fd >= 0 || errno != EEXIST { break }
    }
    if fd < 0 { throw .fromErrno(path: candidate, operation: "create") }
    self.fd = fd
    temporaryPath = candidate
  }

  /// One step of SplitMix64: a well-spread suffix for the temporary file's name.
  private static func mix(_ state: inout UInt64) -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  deinit {
    if fd >= 0 {
      close(fd)
      unlink(temporaryPath)
    }
  }

  /// Appends bytes to the temporary file.
  public func write(_ bytes: [UInt8]) throws(FileError) {
    let result = bytes.withUnsafeBytes { buffer in
      Result { () throws(FileError) in try write(buffer) }
    }
    try result.get()
  }

  /// Appends bytes to the temporary file.
  public func write(_ buffer: UnsafeRawBufferPointer) throws(FileError) {
    guard fd >= 0 else { throw FileError(path: path, operation: "write", reason: "already closed") }
    guard let base = buffer.baseAddress else { return }
    var done = 0
    while done < buffer.count {
      let n = Glibc.write(fd, base + done, buffer.count - done)
      if n < 0 {
        if errno == EINTR { continue }
        throw .fromErrno(path: temporaryPath, operation: "write")
      }
      done += n
    }
  }

  /// Syncs the temporary file to disk and renames it to `path`.
  public func commit() throws(FileError) {
    guard fd >= 0 else { throw FileError(path: path, operation: "write", reason: "already closed") }
    if fsync(fd) != 0 { throw .fromErrno(path: temporaryPath, operation: "sync") }
    let result = close(fd)
    fd = -1
    if result != 0 {
      unlink(temporaryPath)
      throw .fromErrno(path: temporaryPath, operation: "close")
    }
    if rename(temporaryPath, path) != 0 {
      let error = FileError.fromErrno(path: path, operation: "rename a temporary file to")
      unlink(temporaryPath)
      throw error
    }
  }
}
