/// One command-line option, declared once: its spellings, the name of its value, its help and
/// how its value is read (with the range it must lie in). Help text and parsing both come from
/// this declaration; a command accepts exactly the options its help lists.
struct Option<Value>: Sendable {
  /// Every spelling, short first (`-o`, `--output`).
  var names: [String]
  /// The value's name in help (`file`), nil for a flag.
  var placeholder: String?
  var help: String
  /// What a valid value looks like, for errors (`a whole number from 1 to 1000`).
  var expected: String
  /// Reads a value; nil when the text is not a valid one.
  var read: @Sendable (String) -> Value?

  /// The option with other help text (the same spelling and parsing).
  func help(_ text: String) -> Option {
    var copy = self
    copy.help = text
    return copy
  }

  /// What help shows and what `Arguments` accepts.
  var spec: OptionSpec { OptionSpec(names: names, placeholder: placeholder, help: help) }
}

/// The part of an option that help and the argument reader need, whatever its value type.
struct OptionSpec: Sendable {
  var names: [String]
  var placeholder: String?
  var help: String

  /// `-o, --output <file>`.
  var flags: String {
    names.joined(separator: ", ") + (placeholder.map { " <\($0)>" } ?? "")
  }

  var isFlag: Bool { placeholder == nil }
}

extension Option where Value == Bool {
  /// A flag: present or not.
  static func flag(_ names: String..., help: String) -> Option {
    Option(names: names, placeholder: nil, help: help, expected: "", read: { _ in true })
  }
}

extension Option where Value == String {
  /// Any text.
  static func text(_ names: String..., placeholder: String, help: String) -> Option {
    Option(names: names, placeholder: placeholder, help: help, expected: "text", read: { $0 })
  }
}

extension Option where Value == Int {
  /// A whole number within `range`.
  static func integer(
    _ names: String..., placeholder: String = "n", in range: ClosedRange<Int>, help: String
  ) -> Option {
    Option(
      names: names, placeholder: placeholder, help: help,
      expected: "a whole number from \(range.lowerBound) to \(range.upperBound)",
      read: { Int($0).flatMap { range.contains($0) ? $0 : nil } })
  }
}

extension Option where Value == UInt64 {
  /// A seed: any whole number from 0 to 2⁶⁴ − 1.
  static func seed(help: String) -> Option {
    Option(
      names: ["--seed"], placeholder: "n", help: help,
      expected: "a whole number from 0 to \(UInt64.max)", read: { UInt64($0) })
  }
}

extension Option where Value == Double {
  /// A finite number within `range`.
  static func number(
    _ names: String..., placeholder: String, in range: ClosedRange<Double>, help: String
  ) -> Option {
    Option(
      names: names, placeholder: placeholder, help: help,
      expected:
        "a number from \(shortNumber(range.lowerBound)) to \(shortNumber(range.upperBound))",
      read: { Double($0).flatMap { $0.isFinite && range.contains($0) ? $0 : nil } })
  }
}

extension Option {
  /// One of a fixed set of words.
  static func choice(
    _ names: String..., among words: [String], help: String,
    _ read: @escaping @Sendable (String) -> Value?
  ) -> Option {
    Option(
      names: names, placeholder: words.joined(separator: "|"), help: help,
      expected: "one of " + words.joined(separator: ", "), read: read)
  }
}

/// `2`, `0.5`, `1e-06`: a bound as people write it.
func shortNumber(_ x: Double) -> String {
  x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : "\(x)"
}
