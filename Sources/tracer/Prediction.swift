import Foundation
import TinyGPT

/// What `predict` prints: the top candidates, and with interventions the clean and the changed
/// probabilities side by side.
struct Prediction {
  let model: Model
  let prompt: String
  let context: Context
  let top: Int
  let clean: [Float]
  let changed: (interventions: [Intervention], probabilities: [Float])?

  /// The probabilities of the run whose candidates lead (the changed one when there is one).
  var shown: [Float] { changed?.probabilities ?? clean }

  /// A table: rank, token, probability, bar; with interventions, clean, changed and change.
  func table() -> String {
    let text = model.tokenizer
    let candidates = topCandidates(shown, count: top)
    var lines: [String] = []
    if context.croppedCount > 0 {
      lines.append(
        "(the first \(context.croppedCount) tokens were cropped to fit n_ctx \(model.config.nCtx))")
    }
    lines.append("after \"\(text.decode(context.tokens))\" the model predicts:")
    let labels = candidates.map { text.text(of: $0.id) }
    let labelWidth = labels.map(\.count).max() ?? 0
    if let changed {
      lines.insert(
        "interventions: " + changed.interventions.map(\.description).joined(separator: ", "),
        at: 0)
      lines.append(
        "     " + pad("token", labelWidth) + "  " + "changed" + "    clean" + "   change")
    }
    for (rank, c) in candidates.enumerated() {
      let label = pad(labels[rank], labelWidth)
      let p = String(format: "%.4f", Double(c.probability))
      if changed != nil {
        let before = clean[c.id]
        let delta = String(format: "%+.4f", Double(c.probability - before))
        lines.append(
          String(format: "%3d. ", rank + 1) + label + "   " + p + "   "
            + String(format: "%.4f", Double(before)) + "  " + delta)
      } else {
        let bar = String(repeating: "█", count: Int((c.probability * 30).rounded()))
        lines.append(
          String(format: "%3d. ", rank + 1) + label + "  " + p + (bar.isEmpty ? "" : "  " + bar))
      }
    }
    return lines.map { $0.trailingSpacesRemoved }.joined(separator: "\n") + "\n"
  }

  /// JSON: `candidates` of the run (the changed one with interventions), and with
  /// interventions `clean_candidates` and the `interventions` made.
  func json() throws -> String {
    struct Entry: Encodable {
      var id: Int
      var text: String
      var probability: Float
    }
    struct Output: Encodable {
      var prompt: String
      var tokens: [String]
      var cropped_tokens: Int
      var candidates: [Entry]
      var clean_candidates: [Entry]?
      var interventions: [String]?
    }
    func entries(_ probabilities: [Float]) -> [Entry] {
      topCandidates(probabilities, count: top).map {
        Entry(id: $0.id, text: model.tokenizer.text(of: $0.id), probability: $0.probability)
      }
    }
    let output = Output(
      prompt: prompt, tokens: context.tokens.map(model.tokenizer.text(of:)),
      cropped_tokens: context.croppedCount, candidates: entries(shown),
      clean_candidates: changed.map { _ in entries(clean) },
      interventions: changed.map { $0.interventions.map(\.description) })
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    return String(decoding: try encoder.encode(output), as: UTF8.self) + "\n"
  }
}

extension String {
  /// The string without spaces at its end.
  var trailingSpacesRemoved: String {
    var s = Substring(self)
    while s.last == " " { s = s.dropLast() }
    return String(s)
  }
}
