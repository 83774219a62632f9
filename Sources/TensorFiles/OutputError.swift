/// Why an output was not written: the rules that keep the user's files safe.
public enum OutputError: Error, Equatable, CustomStringConvertible {
  /// A file is already there and replacing was not asked for.
  case exists(path: String)
  /// A file appeared at the path while the output was being written; it was kept.
  case appeared(path: String)
  /// The path is a directory, device, FIFO or socket: never replaced, even when forced.
  case notRegularFile(path: String, kind: String)
  /// The path is a symbolic link (even a dangling one): never followed nor replaced.
  case symbolicLink(path: String)
  /// The directory that would hold the file does not exist.
  case noDirectory(path: String, directory: String)

  public var description: String {
    switch self {
    case .exists(let path): return "\(excerpt(path, limit: 200)) already exists"
    case .appeared(let path):
      return "\(excerpt(path, limit: 200)) appeared while the output was being written; "
        + "it was kept and nothing was written"
    case .notRegularFile(let path, let kind):
      return "\(excerpt(path, limit: 200)) is \(kind), not a regular file; refusing to write it"
    case .symbolicLink(let path):
      return "\(excerpt(path, limit: 200)) is a symbolic link; refusing to replace it "
        + "(give the path of the file it points to)"
    case .noDirectory(_, let directory):
      return "no such directory: \(excerpt(directory, limit: 200))"
    }
  }
}
