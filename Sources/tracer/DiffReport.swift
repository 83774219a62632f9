import Foundation
import TensorFiles
import TraceKit

/// What `tracer diff` prints, as text or JSON.
struct DiffReport {
  let a: Trace
  let b: Trace
  let names: (String, String)
  let diff: TraceDiff

  func text() -> String {
    var lines = [
      "a: \(names.0)\(describe(a))", "b: \(names.1)\(describe(b))",
    ]
    if diff.identical {
      lines.append("identical: every activation and prediction is the same, bit for bit")
      return lines.joined(separator: "\n") + "\n"
    }
    if let first = diff.firstDifference {
      lines.append("first difference: \(first.name) (pass \(first.pass))")
    } else {
      lines.append("no compared activation differs")
    }
    let nameWidth = min(44, diff.entries.map(\.name.count).max() ?? 10)
    for pass in Set(diff.entries.map(\.pass)).sorted() {
      lines += ["", "pass \(pass)"]
      lines.append(
        "  " + pad("activation", nameWidth) + "  " + pad("max |a−b|", 11) + pad("at", 14)
          + pad("max relative", 13) + "at")
      for e in diff.entries where e.pass == pass {
        let absolute = e.differs ? number(e.maxAbsolute) : "0"
        let at = e.differs ? "\(e.absoluteIndex)" : ""
        let relative = e.differs ? number(e.maxRelative) : ""
        let relAt = e.differs ? "\(e.relativeIndex)" : ""
        lines.append(
          ("  " + pad(e.name, nameWidth) + "  " + pad(absolute, 11) + pad(at, 14)
            + pad(relative, 13) + relAt).trailingSpacesRemoved)
      }
    }
    if !diff.skipped.isEmpty {
      lines += ["", "skipped (cannot be compared):"]
      lines += diff.skipped.map { "  pass \($0.pass) \($0.name): \($0.reason)" }
    }
    if diff.unmatchedPasses > 0 {
      lines.append("(\(diff.unmatchedPasses) pass(es) present in one trace only)")
    }
    lines += ["", "next token (pass 0)"]
    let left =
      a.passes.first?.candidates.prefix(5).map { "\($0.text) \(probability($0.probability))" } ?? []
    let right =
      b.passes.first?.candidates.prefix(5).map { "\($0.text) \(probability($0.probability))" } ?? []
    let width = max(12, left.map(\.count).max() ?? 0)
    lines.append("  " + pad("a", width + 4) + "b")
    for i in 0..<max(left.count, right.count) {
      let l = i < left.count ? left[i] : ""
      let r = i < right.count ? right[i] : ""
      lines.append(("  \(i + 1). " + pad(l, width + 1) + r).trailingSpacesRemoved)
    }
    return lines.joined(separator: "\n") + "\n"
  }

  func json() throws -> String {
    struct Entry: Encodable {
      var pass: Int
      var name: String
      var shape: [Int]
      var max_abs: Float?
      var max_abs_index: [Int]
      var max_rel: Float?
      var max_rel_index: [Int]
    }
    struct Skip: Encodable {
      var pass: Int
      var name: String
      var reason: String
    }
    struct First: Encodable {
      var pass: Int
      var name: String
    }
    struct Candidate: Encodable {
      var id: Int
      var text: String
      var probability: Float
    }
    struct Output: Encodable {
      var identical: Bool
      var first_difference: First?
      var activations: [Entry]
      var skipped: [Skip]
      var candidates_a: [Candidate]
      var candidates_b: [Candidate]
    }
    func candidates(_ t: Trace) -> [Candidate] {
      t.passes.first?.candidates.map {
        Candidate(id: $0.id, text: $0.text, probability: $0.probability)
      } ?? []
    }
    let output = Output(
      identical: diff.identical,
      first_difference: diff.firstDifference.map { First(pass: $0.pass, name: $0.name) },
      activations: diff.entries.map {
        // JSON has no infinity: an infinite difference (a score masked on one side only) is null.
        Entry(
          pass: $0.pass, name: $0.name, shape: $0.shape,
          max_abs: $0.maxAbsolute.isFinite ? $0.maxAbsolute : nil, max_abs_index: $0.absoluteIndex,
          max_rel: $0.maxRelative.isFinite ? $0.maxRelative : nil, max_rel_index: $0.relativeIndex)
      },
      skipped: diff.skipped.map { Skip(pass: $0.pass, name: $0.name, reason: $0.reason) },
      candidates_a: candidates(a), candidates_b: candidates(b))
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    return String(decoding: try encoder.encode(output), as: UTF8.self) + "\n"
  }

  func describe(_ t: Trace) -> String {
    let changes = t.interventions.map(\.description).joined(separator: ", ")
    return " (\"\(excerpt(t.prompt))\", \(t.passes.count) pass(es)"
      + (changes.isEmpty ? ", the model's own run)" : ", interventions: \(changes))")
  }

  func number(_ x: Float) -> String {
    x.isInfinite ? "∞ (masked)" : String(format: "%.3g", Double(x))
  }

  func probability(_ p: Float) -> String { String(format: "%.4f", Double(p)) }
}
