#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Where an output goes: a file (written atomically by `AtomicFileWriter`) or standard output.
///
/// The rules, checked before the work starts and again at the final rename: a directory,
/// device, FIFO or socket is never written; a symbolic link (even a dangling one) is never
/// followed nor replaced; an existing regular file is replaced only when `replacing` is set.
public enum OutputTarget: Equatable, Sendable, CustomStringConvertible {
  /// A file; an existing regular file is replaced only if `replacing`.
  case file(path: String, replacing: Bool)
  /// The process's standard output.
  case standardOutput

  /// `-` means standard output (the command-line convention); anything else is a file.
  public init(argument: String, replacing: Bool) {
    self = argument == "-" ? .standardOutput : .file(path: argument, replacing: replacing)
  }

  /// The path, or `standard output`.
  public var description: String {
    switch self {
    case .file(let path, _): path
    case .standardOutput: "standard output"
    }
  }

  /// Throws if the target may not be written now (see the type's rules).
  public func check() throws(OutputError) {
    guard case .file(let path, let replacing) = self else { return }
    var info = stat()
    if lstat(path, &info) == 0 {
      try Self.checkExisting(path, info: info, replacing: replacing)
      return
    }
    let directory = Self.directory(of: path)
    var directoryInfo = stat()
    guard stat(directory, &directoryInfo) == 0, directoryInfo.st_mode & S_IFMT == S_IFDIR else {
      throw .noDirectory(path: path, directory: directory)
    }
  }

  /// The rules for a path that exists, described by `lstat`'s `info`.
  static func checkExisting(_ path: String, info: stat, replacing: Bool) throws(OutputError) {
    switch info.st_mode & S_IFMT {
    case S_IFREG: if !replacing { throw .exists(path: path) }
    case S_IFLNK: throw .symbolicLink(path: path)
    case S_IFDIR: throw .notRegularFile(path: path, kind: "a directory")
    case S_IFIFO: throw .notRegularFile(path: path, kind: "a FIFO")
    case S_IFSOCK: throw .notRegularFile(path: path, kind: "a socket")
    case S_IFCHR, S_IFBLK: throw .notRegularFile(path: path, kind: "a device")
    default: throw .notRegularFile(path: path, kind: "a special file")
    }
  }

  /// The directory part of `path` (`.` when there is none), without Foundation.
  static func directory(of path: String) -> String {
    let bytes = Array(path.utf8)
    guard let slash = bytes.lastIndex(of: UInt8(ascii: "/")) else { return "." }
    var end = slash
    while end > 0 && bytes[end - 1] == UInt8(ascii: "/") { end -= 1 }
    return end == 0 ? "/" : String(decoding: bytes[..<end], as: UTF8.self)
  }
}
