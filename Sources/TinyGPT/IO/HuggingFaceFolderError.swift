/// Why a Hugging Face model folder cannot be read or written; each renders as one line.
public enum HuggingFaceFolderError: Error, Equatable, CustomStringConvertible {
  /// A file the folder needs is not there.
  case missingFile(String, needed: String)
  /// A `config.json` setting that this tool's forward pass does not implement.
  case unsupported(setting: String, reason: String)
  /// A file is there but wrong.
  case badFile(String, reason: String)
  /// A model that a Hugging Face GPT-2 folder cannot express (for `export`).
  case notExpressible(String)

  public var description: String {
    switch self {
    case .missingFile(let path, let needed): return "\(path) is missing (\(needed))"
    case .unsupported(let setting, let reason):
      return "config.json: \(setting) is not supported: \(reason)"
    case .badFile(let path, let reason): return "\(path): \(reason)"
    case .notExpressible(let why): return "cannot export as a Hugging Face GPT-2 folder: \(why)"
    }
  }
}
