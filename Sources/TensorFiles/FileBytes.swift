#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Reading whole files into memory with plain system calls.
public enum FileBytes {
  /// The contents of the file at `path`.
  public static func read(contentsOf path: String) throws(FileError) -> [UInt8] {
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    if fd < 0 { throw .fromErrno(path: path, operation: "open") }
    defer { close(fd) }
    var info = stat()
    if fstat(fd, &info) != 0 { throw .fromErrno(path: path, operation: "stat") }
    if (info.st_mode & S_IFMT) == S_IFDIR {
      throw FileError(path: path, operation: "read", reason: "it is a directory")
    }
    let size = Int(info.st_size)
    var failure: FileError?
    var result = [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
      count = 0
      guard let base = buffer.baseAddress else { return }
      while count < size {
        let n = Glibc.read(fd, base + count, size - count)
        if n < 0 {
          if errno == EINTR { continue }
          failure = .fromErrno(path: path, operation: "read")
          return
        }
        if n == 0 { break }
        count += n
      }
    }
    if let failure { throw failure }
    // The file may have grown since fstat: read whatever follows.
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    while true {
      let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
      if n < 0 {
        if errno == EINTR { continue }
        throw .fromErrno(path: path, operation: "read")
      }
      if n == 0 { break }
      result += chunk[0..<n]
    }
    return result
  }
  /// Calls `body` with the contents of the file at `path`, memory-mapped read-only (no copy).
  ///
  /// The buffer is valid only inside `body`. An empty file gives an empty buffer. If the file
  /// cannot be mapped (a pipe, for example) its bytes are read into memory instead.
  public static func withMappedContents<Result>(
    of path: String, _ body: (UnsafeBufferPointer<UInt8>) throws -> Result
  ) throws -> Result {
    try withMappedFile(of: path, populate: true) { bytes, _ in try body(bytes) }
  }

  /// Calls `body` with the contents of the file at `path` mapped read-only, as
  /// `withMappedContents` does, and the open file descriptor (nil when the bytes were read
  /// into memory instead), so that large ranges can be read with `pread` straight into their
  /// destination (`FloatCopy.array(littleEndian:count:reading:at:)`) rather than through the
  /// mapping. With `populate` false the mapping is not read ahead: only the pages touched
  /// are mapped (a header, say).
  public static func withMappedFile<Result>(
    of path: String, populate: Bool,
    _ body: (UnsafeBufferPointer<UInt8>, _ descriptor: Int32?) throws -> Result
  ) throws -> Result {
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    if fd < 0 { throw FileError.fromErrno(path: path, operation: "open") }
    defer { close(fd) }
    var info = stat()
    if fstat(fd, &info) != 0 { throw FileError.fromErrno(path: path, operation: "stat") }
    if (info.st_mode & S_IFMT) == S_IFDIR {
      throw FileError(path: path, operation: "read", reason: "it is a directory")
    }
    let size = Int(info.st_size)
    guard (info.st_mode & S_IFMT) == S_IFREG, size > 0 else {
      return try read(contentsOf: path).withUnsafeBufferPointer { try body($0, nil) }
    }
    #if os(Linux)
      let flags = populate ? MAP_PRIVATE | MAP_POPULATE : MAP_PRIVATE
    #else
      let flags = MAP_PRIVATE
    #endif
    guard let address = mmap(nil, size, PROT_READ, flags, fd, 0), address != MAP_FAILED else {
      return try read(contentsOf: path).withUnsafeBufferPointer { try body($0, nil) }
    }
    defer { munmap(address, size) }
    let bytes = UnsafeBufferPointer(start: address.assumingMemoryBound(to: UInt8.self), count: size)
    return try body(bytes, fd)
  }
}
