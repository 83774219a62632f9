/// A layer or head given on the command line: one index, or `all` of them.
enum IndexChoice: Equatable, Sendable {
  case index(Int)
  case all

  /// The indices chosen below `count`: all of them, or the one given.
  func indices(below count: Int) -> [Int] {
    switch self {
    case .index(let i): [i]
    case .all: Array(0..<count)
    }
  }

  /// The index the interactive walkthrough starts at (the first for `all`).
  var start: Int {
    switch self {
    case .index(let i): i
    case .all: 0
    }
  }
}

extension Option where Value == IndexChoice {
  /// A whole number within `range`, or `all`.
  static func indexOrAll(_ names: String..., in range: ClosedRange<Int>, help: String) -> Option {
    Option(
      names: names, placeholder: "n|all", help: help,
      expected: "all or a whole number from \(range.lowerBound) to \(range.upperBound)",
      read: { text in
        if text == "all" { return .all }
        return Int(text).flatMap { range.contains($0) ? .index($0) : nil }
      })
  }
}
