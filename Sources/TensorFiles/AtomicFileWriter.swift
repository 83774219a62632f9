#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Writes an output safely: bytes go to a temporary file in the same directory, which
/// `commit()` syncs and renames to the path; a crash, an error or Ctrl-C never leaves a partial
/// file. For `OutputTarget.standardOutput` the bytes go straight to standard output.
///
/// The target's rules (`OutputTarget`) are checked when the writer is created and again at the
/// rename: without `replacing`, the rename never replaces a file, even one created meanwhile
/// (`renameat2` with `RENAME_NOREPLACE`, or `link` then `unlink`). The temporary file is
/// registered with `TemporaryFileRegistry`, so SIGINT, SIGTERM or SIGHUP delete it too.
/// Dropping the writer without committing deletes the temporary file.
public final class AtomicFileWriter {
  /// Where `commit()` puts the bytes.
  public let target: OutputTarget
  /// The file that `commit()` creates or replaces, or `standard output`.
  public let path: String
  /// The temporary file being written (nil for standard output).
  public let temporaryPath: String?
  private var fd: Int32
  private var registration: Int?
  /// Bytes written so far, and where the part not yet handed to the disk starts.
  private var written: Int64 = 0
  private var writebackStart: Int64 = 0

  /// A writer that creates `path` and refuses to replace anything there.
  public convenience init(path: String) throws {
    try self.init(.file(path: path, replacing: false))
  }

  /// Checks `target` and creates the temporary file next to it.
  public init(_ target: OutputTarget) throws {
    self.target = target
    path = target.description
    guard case .file(let path, _) = target else {
      fd = STDOUT_FILENO
      temporaryPath = nil
      return
    }
    try target.check()
    var state = UInt64(UInt32(bitPattern: getpid())) << 32 ^ UInt64(time(nil))
    var fd: Int32 = -1
    var candidate = ""
    var registration: Int?
    for _ in 0..<16 {
      candidate = path + ".tmp-\(getpid())-\(String(Self.mix(&state) & 0xFFFF_FFFF, radix: 16))"
      // Registered before it exists, so that no signal can come between creation and
      // registration; deleting a name that is not there yet is harmless.
      registration = TemporaryFileRegistry.register(candidate)
      fd = open(candidate, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
      if fd >= 0 { break }
      let code = errno
      if let registration { TemporaryFileRegistry.unregister(registration) }
      registration = nil
      errno = code
      if code != EEXIST { break }
    }
    if fd < 0 { throw FileError.fromErrno(path: candidate, operation: "create") }
    self.fd = fd
    self.registration = registration
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
    guard let temporaryPath else { return }
    if fd >= 0 {
      close(fd)
      unlink(temporaryPath)
    }
    release()
  }

  /// Stops the signal handler from deleting the temporary file.
  private func release() {
    if let registration { TemporaryFileRegistry.unregister(registration) }
    registration = nil
  }

  /// Appends bytes to the temporary file (or standard output).
  public func write(_ bytes: [UInt8]) throws(FileError) {
    let result = bytes.withUnsafeBytes { buffer in
      Result { () throws(FileError) in try write(buffer) }
    }
    try result.get()
  }

  /// Appends bytes to the temporary file (or standard output).
  public func write(_ buffer: UnsafeRawBufferPointer) throws(FileError) {
    guard fd >= 0 else { throw FileError(path: path, operation: "write", reason: "already closed") }
    guard let base = buffer.baseAddress else { return }
    var done = 0
    while done < buffer.count {
      let n = Glibc.write(fd, base + done, buffer.count - done)
      if n < 0 {
        if errno == EINTR { continue }
        throw .fromErrno(path: temporaryPath ?? path, operation: "write")
      }
      done += n
    }
    written += Int64(done)
  }

  /// Asks the kernel to start writing what was written since the last call to the disk,
  /// without waiting (`sync_file_range` with `SYNC_FILE_RANGE_WRITE` on Linux; nothing
  /// elsewhere or for standard output). A hint only: `commit()` still syncs the whole file, but
  /// finds most of it on the disk already.
  public func startWriteback() {
    guard fd >= 0, temporaryPath != nil, written > writebackStart else { return }
    #if os(Linux)
      if let syncFileRange = Self.syncFileRange {
        let syncFileRangeWrite: UInt32 = 2  // SYNC_FILE_RANGE_WRITE in <fcntl.h>
        _ = syncFileRange(fd, writebackStart, written - writebackStart, syncFileRangeWrite)
      }
    #endif
    writebackStart = written
  }

  #if os(Linux)
    private typealias SyncFileRange = @convention(c) (Int32, Int64, Int64, UInt32) -> Int32
    /// `sync_file_range`, looked up at run time (Swift's Glibc module does not declare it).
    private static let syncFileRange: SyncFileRange? = {
      guard let symbol = dlsym(nil, "sync_file_range") else { return nil }
      return unsafeBitCast(symbol, to: SyncFileRange.self)
    }()
  #endif

  /// Syncs the temporary file to disk and renames it to the path, checking the target's rules
  /// once more; without `replacing` an existing file is never replaced. Does nothing more for
  /// standard output.
  public func commit() throws {
    guard fd >= 0 else { throw FileError(path: path, operation: "write", reason: "already closed") }
    guard case .file(let path, let replacing) = target, let temporaryPath else {
      fd = -1
      return
    }
    defer { release() }
    if fsync(fd) != 0 {
      let error = FileError.fromErrno(path: temporaryPath, operation: "sync")
      close(fd)
      fd = -1
      unlink(temporaryPath)
      throw error
    }
    let result = close(fd)
    fd = -1
    if result != 0 {
      let error = FileError.fromErrno(path: temporaryPath, operation: "close")
      unlink(temporaryPath)
      throw error
    }
    do {
      try Self.move(temporaryPath, to: path, replacing: replacing)
    } catch {
      unlink(temporaryPath)
      throw error
    }
  }

  /// Renames `source` to `path`; without `replacing`, fails with `.appeared` rather than
  /// replace anything at `path`.
  static func move(_ source: String, to path: String, replacing: Bool) throws {
    var info = stat()
    if lstat(path, &info) == 0 {
      do {
        try OutputTarget.checkExisting(path, info: info, replacing: replacing)
      } catch .exists {
        throw OutputError.appeared(path: path)
      }
    }
    if replacing {
      if rename(source, path) != 0 {
        throw FileError.fromErrno(path: path, operation: "rename a temporary file to")
      }
      return
    }
    switch renameWithoutReplacing(source, path) {
    case 0: return
    case EEXIST: throw OutputError.appeared(path: path)
    case EINVAL, ENOSYS, ENOTSUP:
      // This file system cannot rename without replacing: a hard link cannot replace either.
      if link(source, path) == 0 {
        unlink(source)
        return
      }
      if errno == EEXIST { throw OutputError.appeared(path: path) }
      throw FileError.fromErrno(path: path, operation: "link a temporary file to")
    case let code:
      errno = code
      throw FileError.fromErrno(path: path, operation: "rename a temporary file to")
    }
  }

  /// `renameat2(source, path, RENAME_NOREPLACE)`: 0, or the `errno` (ENOSYS when the C library
  /// lacks it; Swift's Glibc module does not declare it, so it is looked up at run time).
  private static func renameWithoutReplacing(_ source: String, _ path: String) -> Int32 {
    #if os(Linux)
      typealias RenameAt2 =
        @convention(c) (Int32, UnsafePointer<CChar>?, Int32, UnsafePointer<CChar>?, UInt32) -> Int32
      guard let symbol = dlsym(nil, "renameat2") else { return ENOSYS }
      let renameat2 = unsafeBitCast(symbol, to: RenameAt2.self)
      let renameNoReplace: UInt32 = 1  // RENAME_NOREPLACE in <linux/fs.h>
      return renameat2(AT_FDCWD, source, AT_FDCWD, path, renameNoReplace) == 0 ? 0 : errno
    #else
      return ENOSYS
    #endif
  }
}
