import Foundation

// Small text helpers shared by the commands that print tables and JSON.

/// `s` padded with spaces to `width` characters.
func pad(_ s: String, _ width: Int) -> String {
  s + String(repeating: " ", count: max(0, width - s.count))
}

/// `value` with 6 significant digits (`12.3457`, `3.1e-06`).
func number(_ value: Double) -> String { String(format: "%.6g", value) }

/// `value` as JSON with sorted keys, on one line, with a newline.
func encodedJSON(_ value: some Encodable) throws -> String {
  let encoder = JSONEncoder()
  encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
  return String(decoding: try encoder.encode(value), as: UTF8.self) + "\n"
}
