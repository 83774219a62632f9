import TensorFiles
import TinyGPT

/// A cell of a trace: a hook name and one index per axis, written `name[i, j, k]`.
public struct CellReference: Equatable, Sendable, CustomStringConvertible {
  public var name: ActivationName
  public var index: [Int]

  public init(name: ActivationName, index: [Int]) {
    self.name = name
    self.index = index
  }

  /// Parses `blocks.0.attn.hook_attn_scores_unmasked[0,3,1]` (spaces allowed).
  public init(parsing text: String) throws(ExplainError) {
    guard let open = text.firstIndex(of: "["), text.hasSuffix("]") else {
      throw ExplainError(
        "'\(excerpt(text))' is not a cell: write a hook name and indices, e.g. 'blocks.0.attn.hook_pattern[0,3,1]'"
      )
    }
    let nameText = String(text[..<open])
    guard let name = ActivationName(nameText) else {
      throw ExplainError(
        "'\(excerpt(nameText))' is not a hook name (such as hook_embed or blocks.0.attn.hook_q)")
    }
    let inner = text[text.index(after: open)..<text.index(before: text.endIndex)]
    var index: [Int] = []
    for part in inner.split(separator: ",", omittingEmptySubsequences: false) {
      let trimmed = String(part.filter { $0 != " " })
      guard let value = Int(trimmed), value >= 0 else {
        throw ExplainError(
          "index '\(excerpt(trimmed))' in \(excerpt(text)) is not a whole number ≥ 0")
      }
      index.append(value)
    }
    self.init(name: name, index: index)
  }

  public var description: String {
    "\(name)[" + index.map(String.init).joined(separator: ", ") + "]"
  }
}
