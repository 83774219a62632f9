import TensorFiles
import TinyGPT

/// Why a trace cannot be read or written; each renders as one line naming the field (with its
/// path, like `passes[0].activations[3].shape`) or the byte offset.
public enum TraceError: Error, Equatable, CustomStringConvertible {
  /// Not JSON, or truncated (`JSONSyntaxError.unexpectedEnd`).
  case malformedJSON(JSONSyntaxError)
  case wrongFormat(found: String)
  case unsupportedVersion(Int)
  case missingField(path: String)
  /// A field present with a wrong value (config and tokenizer problems, unknown names...).
  case badField(path: String, problem: String)
  /// An activation whose data length disagrees with its shape.
  case dataLengthMismatch(path: String, name: String, shape: [Int], count: Int)
  /// An activation with a different number of axis names and shape entries.
  case axesMismatch(path: String, name: String, axes: [String], shape: [Int])
  /// A known activation (`HookPoint`) whose shape is not the one its hook point has for the
  /// pass's token count and the config.
  case wrongShape(path: String, name: String, shape: [Int], expected: [Int], axes: [String])
  case tokenOutOfRange(path: String, id: Int, vocabularySize: Int)
  /// A NaN or +infinity (or a non-finite setting), which JSON cannot hold; only -infinity
  /// (masked attention scores) is written, as `null`.
  case unwritableValue(path: String, index: Int, value: Float)

  public var description: String {
    switch self {
    case .malformedJSON(let error): return "trace file: \(error)"
    case .wrongFormat(let found):
      return "not a trace file: format is '\(excerpt(found))', expected '\(Trace.formatName)'"
    case .unsupportedVersion(let version):
      return "trace version \(version) is not supported "
        + "(this build reads versions \(Trace.readableVersions.lowerBound) to \(Trace.readableVersions.upperBound))"
    case .missingField(let path): return "trace file: field \(path) is missing"
    case .badField(let path, let problem): return "trace file: \(path) \(problem)"
    case .dataLengthMismatch(let path, let name, let shape, let count):
      let needed = Tensor.checkedCount(of: shape).map { "\($0)" } ?? "an impossible number of"
      return "trace file: activation \(excerpt(name)) (\(path)) has \(count) values "
        + "but shape \(shortened(shape)) needs \(needed)"
    case .axesMismatch(let path, let name, let axes, let shape):
      return "trace file: activation \(excerpt(name)) (\(path)) has \(axes.count) axes "
        + "\(excerpt(axes.description)) but shape \(shortened(shape))"
    case .wrongShape(let path, let name, let shape, let expected, let axes):
      return "trace file: activation \(name) (\(path)) has shape \(shortened(shape)); expected "
        + "\(expected) [\(axes.joined(separator: ", "))] for this pass and config"
    case .tokenOutOfRange(let path, let id, let size):
      return "trace file: \(path) token id \(id) is outside the vocabulary (size \(size))"
    case .unwritableValue(let path, let index, let value):
      return "cannot write trace: \(path) has \(value) at index \(index); only -infinity is allowed"
    }
  }
}

/// A list for a one-line message: more than 8 entries are cut, so a hostile file cannot
/// produce a huge message (texts go through `excerpt`).
func shortened<T>(_ list: [T]) -> String {
  list.count <= 8
    ? "\(list)" : "\(Array(list.prefix(4)))".dropLast() + ", ... (\(list.count) in all)]"
}
