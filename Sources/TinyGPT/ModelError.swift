import TensorFiles

/// Errors from building, loading or running a model; each renders as one readable line.
public enum ModelError: Error, Equatable, CustomStringConvertible {
  case invalidConfig(field: String, reason: String)
  case missingTensor(String)
  case wrongShape(tensor: String, expected: [Int], found: [Int])
  case nonFiniteValue(tensor: String, index: Int)
  case malformedFile(String)
  case unknownToken(String, suggestions: [String])
  case emptyPrompt
  case tokenOutOfRange(Int, vocabularySize: Int)

  public var description: String {
    switch self {
    case .invalidConfig(let field, let reason): return "invalid config: \(field) \(reason)"
    case .missingTensor(let name): return "missing tensor \(excerpt(name))"
    case .wrongShape(let name, let expected, let found):
      return "tensor \(excerpt(name)) has shape \(excerpt(found.description)), expected \(expected)"
    case .nonFiniteValue(let name, let index):
      return "tensor \(excerpt(name)) has a NaN or infinite value at index \(index)"
    case .malformedFile(let why): return why
    case .unknownToken(let word, let suggestions):
      let hint =
        suggestions.isEmpty
        ? "" : " (did you mean: \(suggestions.map { excerpt($0) }.joined(separator: ", "))?)"
      return "'\(excerpt(word))' is not in the model's vocabulary\(hint)"
    case .emptyPrompt: return "the prompt is empty"
    case .tokenOutOfRange(let id, let size):
      return "token id \(id) is outside the vocabulary (size \(size))"
    }
  }
}
