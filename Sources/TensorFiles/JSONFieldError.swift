/// A JSON document that is well-formed but whose content is wrong: a missing field, a value of
/// the wrong type or out of range. `path` locates it, like `config.n_heads`.
public struct JSONFieldError: Error, Equatable, CustomStringConvertible {
  /// Where the problem is, dotted (`tokenizer.kind`), or empty for the whole document.
  public var path: String
  /// What is wrong, e.g. `is missing`.
  public var problem: String

  public init(path: String, problem: String) {
    self.path = path
    self.problem = problem
  }

  public var description: String { path.isEmpty ? problem : "\(path) \(problem)" }
}
