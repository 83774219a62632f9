import TensorFiles
import TinyGPT

/// A JSON document as a tree, for structural fuzzing: read with the project's scanner, changed
/// by seeded mutations (fields removed or retyped, numbers off by one or huge, arrays cut or
/// repeated), written back as text. Numbers keep their text, so unchanged values round-trip.
indirect enum JSONTree: Equatable, Sendable {
  case null
  case bool(Bool)
  case number(String)
  case string(String)
  case array([JSONTree])
  case object([(key: String, value: JSONTree)])

  static func == (a: JSONTree, b: JSONTree) -> Bool { a.text == b.text }

  /// Parses `bytes` (well-formed JSON).
  init(parsing bytes: [UInt8]) throws {
    self = try bytes.withUnsafeBufferPointer { buffer in
      var s = JSONScanner(buffer)
      return try JSONTree.read(&s)
    }
  }

  private static func read(_ s: inout JSONScanner) throws -> JSONTree {
    switch try s.peek() {
    case UInt8(ascii: "{"):
      var fields: [(key: String, value: JSONTree)] = []
      try s.readObject { s, key in fields.append((key, try read(&s))) }
      return .object(fields)
    case UInt8(ascii: "["):
      var items: [JSONTree] = []
      try s.readArray { s, _ in items.append(try read(&s)) }
      return .array(items)
    case UInt8(ascii: "\""): return .string(try s.readString())
    case UInt8(ascii: "t"), UInt8(ascii: "f"): return .bool(try s.readBool())
    case UInt8(ascii: "n"):
      _ = try s.readNullIfPresent()
      return .null
    default:
      let range = try s.skipValue()
      return .number(String(decoding: UnsafeBufferPointer(rebasing: s.bytes[range]), as: UTF8.self))
    }
  }

  /// The document as JSON text.
  var text: String {
    var w = JSONWriter()
    write(into: &w)
    return String(decoding: w.bytes, as: UTF8.self)
  }

  private func write(into w: inout JSONWriter) {
    switch self {
    case .null: w.raw("null")
    case .bool(let b): w.raw(b ? "true" : "false")
    case .number(let text): w.raw(bytes: Array(text.utf8))
    case .string(let s): w.string(s)
    case .array(let items):
      w.raw("[")
      for (i, item) in items.enumerated() {
        if i > 0 { w.raw(",") }
        item.write(into: &w)
      }
      w.raw("]")
    case .object(let fields):
      w.raw("{")
      for (i, field) in fields.enumerated() {
        if i > 0 { w.raw(",") }
        w.key(field.key)
        field.value.write(into: &w)
      }
      w.raw("}")
    }
  }

  /// A step into a child: an object field's index or an array element's index.
  typealias Path = [Int]

  /// The paths worth mutating: every node, except the elements of arrays of more than 4
  /// numbers (activation data, tensors), of which two are picked so that values change too.
  func paths(rng: inout RandomSource) -> [Path] {
    var out: [Path] = []
    func visit(_ node: JSONTree, _ path: Path) {
      out.append(path)
      switch node {
      case .array(let items):
        if items.count > 4, case .number = items[0] {
          for _ in 0..<2 { out.append(path + [Int(rng.next() % UInt64(items.count))]) }
        } else {
          for (i, item) in items.enumerated() { visit(item, path + [i]) }
        }
      case .object(let fields):
        for (i, field) in fields.enumerated() { visit(field.value, path + [i]) }
      default: break
      }
    }
    visit(self, [])
    return out
  }

  /// The paths of the values of every field named `key`, anywhere in the document.
  func paths(ofFieldsNamed key: String) -> [Path] {
    var out: [Path] = []
    func visit(_ node: JSONTree, _ path: Path) {
      switch node {
      case .array(let items):
        if case .number = items.first { return }
        for (i, item) in items.enumerated() { visit(item, path + [i]) }
      case .object(let fields):
        for (i, field) in fields.enumerated() {
          if field.key == key { out.append(path + [i]) }
          visit(field.value, path + [i])
        }
      default: break
      }
    }
    visit(self, [])
    return out
  }

  /// Replaces the node at `path` by `change(node)`; `nil` removes it from its parent.
  mutating func update(at path: Path, _ change: (JSONTree) -> JSONTree?) {
    guard let first = path.first else {
      self = change(self) ?? .null
      return
    }
    let rest = Array(path.dropFirst())
    switch self {
    case .array(var items) where items.indices.contains(first):
      if rest.isEmpty {
        if let new = change(items[first]) { items[first] = new } else { items.remove(at: first) }
      } else {
        items[first].update(at: rest, change)
      }
      self = .array(items)
    case .object(var fields) where fields.indices.contains(first):
      if rest.isEmpty {
        if let new = change(fields[first].value) {
          fields[first].value = new
        } else {
          fields.remove(at: first)
        }
      } else {
        fields[first].value.update(at: rest, change)
      }
      self = .object(fields)
    default: break
    }
  }

  /// Values that break types and ranges: wrong kinds, off-by-one, negative, fractional, huge.
  static let replacements: [JSONTree] = [
    .null, .bool(true), .string(""), .string("x"), .string("swish"), .number("0"),
    .number("-1"), .number("1"), .number("2.5"), .number("1e300"), .number("-1e300"),
    .number("1000000000"), .number("9223372036854775807"), .number("99999999999999999999"),
    .array([]), .array([.number("1")]), .object([]),
  ]

  /// One random mutation. Three times in four it changes the value of a field whose key is
  /// in `focus` (a key drawn first, then one of its fields), else any node; the change fits
  /// the node: a number off by one, huge or negated; an array one longer, one shorter,
  /// reversed or (for a shape) folded to the same count; a string changed; a field removed
  /// or retyped.
  mutating func mutate(rng: inout RandomSource, focus: [String] = []) {
    var candidates: [Path] = []
    if !focus.isEmpty && rng.next() % 4 != 0 {
      candidates = paths(ofFieldsNamed: focus[Int(rng.next() % UInt64(focus.count))])
    }
    if candidates.isEmpty { candidates = paths(rng: &rng) }
    let path = candidates[Int(rng.next() % UInt64(candidates.count))]
    let r = Int(rng.next() % 8)
    let variant = Int(rng.next() % 4)
    let pick = Self.replacements[Int(rng.next() % UInt64(Self.replacements.count))]
    let index = Int(rng.next() % 1024)
    update(at: path) { node in
      if r == 0 { return nil }  // removed
      if r == 1 { return pick }  // retyped
      switch node {
      case .number(let text):
        guard let n = Int(text) else { return .number(["1e30", "-0.5", "0", "2"][variant]) }
        return .number("\([n &+ 1, n &- 1, 1_000_000_000, -n][variant])")
      case .array(let items) where !items.isEmpty:
        let dims = items.compactMap { item -> Int? in
          if case .number(let text) = item { return Int(text) } else { return nil }
        }
        switch variant {
        case 0: return .array(items + [items[index % items.count]])  // one more
        case 1: return .array(Array(items.dropLast()))  // one fewer
        case 2: return .array(Array(items.reversed()))  // a transposed shape, reordered list
        default:
          // The same count, another shape: [h, q, k] -> [1, q, k·h], [pos, d] -> [1, pos·d].
          guard dims.count == items.count, dims.count > 1, let first = dims.first,
            let last = dims.last
          else { return .array([]) }
          let folded = [1] + dims.dropFirst().dropLast() + [first &* last]
          return .array(folded.map { .number("\($0)") })
        }
      case .string(let s): return .string(["a b", "", String(s.dropLast()), s + s][variant])
      case .object(var fields) where !fields.isEmpty:
        fields.remove(at: index % fields.count)
        return .object(fields)
      default: return pick
      }
    }
  }
}
