import TensorFiles

/// The words after the command name, consumed as options are recognised.
///
/// Each command pulls the options it knows; whatever is left over is an error that names it.
struct Arguments {
  private var words: [String]

  init(_ words: [String]) { self.words = words }

  /// Whether `--help` or `-h` was given.
  var wantsHelp: Bool { words.contains("--help") || words.contains("-h") }

  /// Removes a boolean flag; true if it was present.
  mutating func flag(_ names: String...) -> Bool {
    var found = false
    words.removeAll { word in
      if names.contains(word) { found = true }
      return names.contains(word)
    }
    return found
  }

  /// Removes `--name value` or `--name=value`; the last occurrence wins.
  mutating func option(_ names: String...) throws -> String? {
    var value: String?
    var i = 0
    while i < words.count {
      let word = words[i]
      if names.contains(word) {
        guard i + 1 < words.count else { throw UsageError("\(word) needs a value") }
        value = words[i + 1]
        words.removeSubrange(i...(i + 1))
      } else if let name = names.first(where: { word.hasPrefix($0 + "=") }) {
        value = String(word.dropFirst(name.count + 1))
        words.remove(at: i)
      } else {
        i += 1
      }
    }
    return value
  }

  /// An option parsed by `parse`, which returns nil for a value it cannot read.
  mutating func option<T>(
    _ name: String, as what: String, _ parse: (String) -> T?
  ) throws -> T? {
    guard let text = try option(name) else { return nil }
    guard let value = parse(text) else {
      throw UsageError("\(name) expects \(what), got '\(excerpt(text))'")
    }
    return value
  }

  /// An integer option within `range`.
  mutating func integer(_ name: String, in range: ClosedRange<Int>) throws -> Int? {
    guard let value = try option(name, as: "a whole number", { Int($0) }) else { return nil }
    guard range.contains(value) else {
      throw UsageError(
        "\(name) must be between \(range.lowerBound) and \(range.upperBound), got \(value)")
    }
    return value
  }

  /// A floating-point option within `range`.
  mutating func number(_ name: String, in range: ClosedRange<Double>) throws -> Double? {
    guard let value = try option(name, as: "a number", { Double($0) }) else { return nil }
    guard range.contains(value), value.isFinite else {
      throw UsageError(
        "\(name) must be between \(range.lowerBound) and \(range.upperBound), got \(value)")
    }
    return value
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
