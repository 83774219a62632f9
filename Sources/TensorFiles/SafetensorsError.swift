/// Why a safetensors header cannot be used; each renders as one line naming the tensor or field.
public enum SafetensorsError: Error, Equatable, CustomStringConvertible {
  /// The header length or layout is wrong.
  case badHeader(String)
  case malformedJSON(JSONSyntaxError)
  case missingField(tensor: String, field: String)
  /// A tensor's `data_offsets` disagree with its shape or with the data section.
  case badOffsets(tensor: String, reason: String)
  /// A tensor's data runs past the end of the file.
  case truncated(tensor: String, end: Int, fileSize: Int)

  public var description: String {
    switch self {
    case .badHeader(let why): return "bad safetensors header: \(excerpt(why, limit: 120))"
    case .malformedJSON(let error): return "bad safetensors header: \(error)"
    case .missingField(let tensor, let field):
      return "tensor \(excerpt(tensor)): \(field) is missing"
    case .badOffsets(let tensor, let reason):
      return "tensor \(excerpt(tensor)) has bad data_offsets: \(excerpt(reason, limit: 120))"
    case .truncated(let tensor, let end, let size):
      return
        "tensor \(excerpt(tensor)) data ends at byte \(end) but the file has \(size) bytes (truncated?)"
    }
  }
}
