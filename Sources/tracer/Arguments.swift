import TensorFiles

/// The words after the command name, consumed as the command reads its declared options.
///
/// Only options in `declared` are recognised (the same list the command's help shows); whatever
/// is left over is an error that names it.
struct Arguments {
  private var words: [String]
  private let declared: Set<String>

  init(_ words: [String], declared: [OptionSpec]) {
    self.words = words
    self.declared = Set(declared.flatMap(\.names))
  }

  /// Whether `--help` or `-h` was given.
  var wantsHelp: Bool { words.contains("--help") || words.contains("-h") }

  /// Whether a flag was given (removing it).
  mutating func isSet(_ flag: Option<Bool>) -> Bool {
    let names = flag.names.filter(declared.contains)
    let found = words.contains { names.contains($0) }
    words.removeAll { names.contains($0) }
    return found
  }

  /// The value of `option` (`--name value` or `--name=value`); the last occurrence wins.
  mutating func value<V>(_ option: Option<V>) throws -> V? {
    try values(option).last
  }

  /// Every value given for a repeatable `option`, in order.
  mutating func values<V>(_ option: Option<V>) throws -> [V] {
    let names = option.names.filter(declared.contains)
    var texts: [(name: String, text: String)] = []
    var i = 0
    while i < words.count {
      let word = words[i]
      if names.contains(word) {
        guard i + 1 < words.count else { throw UsageError("\(word) needs a value") }
        texts.append((word, words[i + 1]))
        words.removeSubrange(i...(i + 1))
      } else if let name = names.first(where: { word.hasPrefix($0 + "=") }) {
        texts.append((name, String(word.dropFirst(name.count + 1))))
        words.remove(at: i)
      } else {
        i += 1
      }
    }
    return try texts.map { name, text in
      guard let value = option.read(text) else {
        throw UsageError("\(name) expects \(option.expected), got '\(excerpt(text))'")
      }
      return value
    }
  }

  /// Removes and returns the first word that does not start with `-` (a positional argument).
  mutating func positional() -> String? {
    guard let i = words.firstIndex(where: { !$0.hasPrefix("-") || $0 == "-" }) else { return nil }
    return words.remove(at: i)
  }

  /// Throws if any word was not consumed.
  func finish() throws {
    if let word = words.first {
      throw UsageError(
        word.hasPrefix("-")
          ? "unknown option '\(excerpt(word))'" : "unexpected argument '\(excerpt(word))'")
    }
  }
}

/// A mistake in how the command was called; reported with a pointer to `--help`, exit code 2.
struct UsageError: Error, CustomStringConvertible {
  var description: String
  init(_ description: String) { self.description = description }
}

/// A failure while running a command; exit code 1.
struct RunError: Error, CustomStringConvertible {
  var description: String
  init(_ description: String) { self.description = description }
}
