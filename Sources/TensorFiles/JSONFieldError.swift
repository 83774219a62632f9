import Foundation

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

  /// Decodes a `Decodable` value from JSON bytes with Foundation, turning its errors into
  /// one-line messages whose paths start with `root`. Other errors (such as a config's own
  /// validation) pass through unchanged. The text is first checked with `JSONScanner`, so
  /// nesting deeper than `JSONScanner.maximumDepth` is refused before Foundation sees it.
  public static func decode<T: Decodable>(
    _ type: T.Type, from bytes: some Collection<UInt8>, root: String
  ) throws -> T {
    let data = Data(bytes)
    do {
      try data.withUnsafeBytes { raw in
        var scanner = JSONScanner(raw.bindMemory(to: UInt8.self))
        try scanner.skipValue()
        guard scanner.isAtEnd() else {
          throw JSONSyntaxError.malformed(offset: scanner.offset, expected: "the end of the JSON")
        }
      }
    } catch let error as JSONSyntaxError {
      throw JSONFieldError(path: root, problem: "is not valid JSON: \(error)")
    }
    do {
      return try JSONDecoder().decode(type, from: data)
    } catch let error as DecodingError {
      func path(_ context: DecodingError.Context, _ extra: (any CodingKey)? = nil) -> String {
        let keys = context.codingPath + (extra.map { [$0] } ?? [])
        return ([root] + keys.map { $0.intValue.map { "[\($0)]" } ?? excerpt($0.stringValue) })
          .joined(separator: ".").replacingOccurrences(of: ".[", with: "[")
      }
      switch error {
      case .keyNotFound(let key, let context):
        throw JSONFieldError(path: path(context, key), problem: "is missing")
      case .valueNotFound(let type, let context):
        throw JSONFieldError(path: path(context), problem: "is null, expected \(type)")
      case .typeMismatch(let type, let context):
        throw JSONFieldError(path: path(context), problem: "has the wrong type, expected \(type)")
      case .dataCorrupted(let context):
        throw JSONFieldError(
          path: path(context),
          problem: "is invalid: \(excerpt(context.debugDescription, limit: 120))")
      @unknown default:
        throw JSONFieldError(path: root, problem: "is invalid: \(excerpt("\(error)", limit: 120))")
      }
    }
  }
}
