import TensorFiles

/// Why a weights file cannot be read or written; each renders as one line naming the tensor,
/// field or byte offset. Missing tensors, wrong shapes and NaN/infinite values are reported
/// as `ModelError` by `Parameters(named:config:)`.
public enum WeightsFileError: Error, Equatable, CustomStringConvertible {
  case unsupportedExtension(path: String)
  /// The JSON text (whole file or safetensors header) is not valid JSON.
  case malformedJSON(JSONSyntaxError)
  /// The safetensors header length or layout is wrong.
  case badHeader(String)
  /// A required field is missing or has a wrong value (`config.n_heads is missing`).
  case badField(JSONFieldError)
  case wrongFormat(found: String)
  case unsupportedVersion(Int)
  case wrongDtype(tensor: String, dtype: String)
  /// A tensor's data runs past the end of the file.
  case truncated(tensor: String, end: Int, fileSize: Int)
  /// A tensor's `data_offsets` disagree with its shape or with the data section.
  case badOffsets(tensor: String, reason: String)
  /// A tensor's value count disagrees with its shape.
  case wrongValueCount(tensor: String, shape: [Int], count: Int)
  case vocabularyMismatch(vocabularySize: Int, dVocab: Int)
  /// A metadata key that the file format uses itself (`config`, `tokenizer`).
  case reservedMetadataKey(String)
  /// The config needs more tensors or weights than the file holds (checked before anything is
  /// allocated for the config).
  case configDoesNotFit(needed: String, held: String)

  public var description: String {
    switch self {
    case .unsupportedExtension(let path):
      let supported = WeightsFormat.allCases.map { "." + $0.rawValue }.joined(separator: " or ")
      return
        "cannot tell the weights format of \(excerpt(path, limit: 200)): the extension must be \(supported)"
    case .malformedJSON(let error): return "weights file: \(error)"
    case .badHeader(let why): return "bad safetensors header: \(why)"
    case .badField(let error): return "weights file: \(error)"
    case .wrongFormat(let found):
      return
        "not a weights file: format is '\(excerpt(found))', expected 'transformer-tracer-weights'"
    case .unsupportedVersion(let version):
      return "weights file version \(version) is not supported (this build reads version 1)"
    case .wrongDtype(let tensor, let dtype):
      return
        "tensor \(excerpt(tensor)) has dtype \(excerpt(dtype)); only F32 is supported (convert it to float32)"
    case .truncated(let tensor, let end, let size):
      return
        "tensor \(excerpt(tensor)) data ends at byte \(end) but the file has \(size) bytes (truncated?)"
    case .badOffsets(let tensor, let reason):
      return "tensor \(excerpt(tensor)) has bad data_offsets: \(excerpt(reason, limit: 120))"
    case .wrongValueCount(let tensor, let shape, let count):
      let needed = Tensor.checkedCount(of: shape).map { "\($0)" } ?? "an impossible number of"
      return "tensor \(excerpt(tensor)) has \(count) values but its shape \(shape) needs \(needed)"
    case .vocabularyMismatch(let size, let dVocab):
      return "the tokenizer has \(size) tokens but the config says d_vocab = \(dVocab)"
    case .reservedMetadataKey(let key):
      return "metadata key '\(excerpt(key))' is reserved for the file format itself"
    case .configDoesNotFit(let needed, let held):
      return "the config needs \(needed) but the file holds only \(held)"
    }
  }
}
