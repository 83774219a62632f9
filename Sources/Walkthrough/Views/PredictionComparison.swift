import TerminalKit
import TinyGPT
import TraceKit

/// The prediction of a changed run next to the model's own: two distributions over the
/// vocabulary, shown for the tokens whose probability changed most.
///
/// "Changed" means interventions (the model's own is then the baseline run's softmax) or
/// sampling that is not greedy (the changed one is then the distribution `sampleToken` draws
/// from: after temperature, top-k and top-p, renormalised, computed by `samplingDistribution`).
struct PredictionComparison {
  /// What the left column is (`model's own softmax`).
  var ownTitle: String
  /// What the right column is (`drawn from at T 0.75 · top-k 5`).
  var changedTitle: String
  /// The left distribution, one probability per token id.
  var own: [Double]
  /// The right distribution, one probability per token id.
  var changed: [Double]

  /// How many tokens the comparison lists.
  static let rowCount = 8

  /// The comparison for the last position of `context`'s pass, from its recorded logits and
  /// softmax (`unembed.hook_out`, `hook_probs`) and, for an intervened run, the baseline's
  /// softmax at the same pass; nil for the model's own greedy run. The note says why the
  /// model's own probabilities are missing, when they are.
  static func make(_ context: PageContext) -> (comparison: PredictionComparison?, note: String?) {
    let trace = context.trace
    let intervened = !trace.interventions.isEmpty
    let sampled = !trace.sampling.isGreedy
    guard intervened || sampled,
      let logits = lastRow(.logits, of: context.pass),
      let probs = lastRow(.probs, of: context.pass)
    else { return (nil, nil) }
    let thisSoftmax = probs.map(Double.init)
    let changed =
      sampled ? samplingDistribution(logits: logits, settings: trace.sampling) : thisSoftmax
    let changedTitle = sampled ? "drawn from at \(samplingText(trace.sampling))" : "this run"
    guard intervened else {
      return (
        PredictionComparison(
          ownTitle: "softmax", changedTitle: changedTitle, own: thisSoftmax, changed: changed), nil
      )
    }
    let index = min(context.position.pass, trace.passes.count - 1)
    if let baseline = context.baseline, index < baseline.passes.count,
      baseline.passes[index].tokens.map(\.id) == context.pass.tokens.map(\.id),
      let own = lastRow(.probs, of: baseline.passes[index]), own.count == changed.count
    {
      return (
        PredictionComparison(
          ownTitle: "model's own", changedTitle: sampled ? changedTitle : "after the change",
          own: own.map(Double.init), changed: changed), nil
      )
    }
    let note =
      "the model's own probabilities are not known here: this trace has no clean run of the "
      + "same tokens to compare with (replay it with --compare FILE)"
    guard sampled else { return (nil, note) }
    return (
      PredictionComparison(
        ownTitle: "softmax", changedTitle: changedTitle, own: thisSoftmax, changed: changed),
      note
    )
  }

  /// The last row of activation `point` in `pass`, nil when the pass lacks it.
  static func lastRow(_ point: HookPoint, of pass: Pass) -> [Float]? {
    guard let activation = pass.activation(ActivationName(point)), activation.matrix.rows > 0
    else { return nil }
    return activation.matrix.row(activation.matrix.rows - 1)
  }

  /// `T 0.75 · top-k 5 · top-p 0.9`.
  static func samplingText(_ s: SamplingSettings) -> String {
    var parts = ["T \(LabSettings.number(s.temperature))"]
    if let k = s.topK { parts.append("top-k \(k)") }
    if let p = s.topP { parts.append("top-p \(LabSettings.number(p))") }
    return parts.joined(separator: " · ")
  }

  /// The token ids listed: the `rowCount` whose probability changed most (ties: lower id).
  var rows: [Int] {
    let change = zip(own, changed).map { abs($1 - $0) }
    let order = change.indices.sorted {
      change[$0] != change[$1] ? change[$0] > change[$1] : $0 < $1
    }
    return Array(order.prefix(Self.rowCount))
  }

  /// The table: a token per line with both bars and values and the change, the chosen token in
  /// bold.
  func block(tokenizer: Tokenizer, chosen: Int) -> Block {
    let ids = rows
    let labels = ids.map { "\"\(tokenizer.text(of: $0))\"" }
    let labelWidth = min(14, labels.map(DisplayWidth.of).max() ?? 4)
    let barWidth = 12
    let decimals = 3
    func cell(_ text: String, _ width: Int) -> String {
      String(repeating: " ", count: max(0, width - DisplayWidth.of(text))) + text
    }
    let valueWidth = decimals + 2
    var lines = [
      StyledLine("probabilities: the \(ids.count) tokens that changed most", style: .bold),
      StyledLine("left: \(ownTitle) · right: \(changedTitle) · then the change", style: .dim),
    ]
    for (row, id) in ids.enumerated() {
      let emphasis: Style = id == chosen ? .bold : .plain
      var line = StyledLine(labels[row], style: emphasis).cropped(to: labelWidth)
        .padded(to: labelWidth)
      for value in [own[id], changed[id]] {
        line.append(" ")
        let bar = BarChart.bar(for: Float(value), width: barWidth)
        line.append(bar, style: BarChart.defaultBarStyle)
        line.appendSpaces(barWidth - DisplayWidth.of(bar) + 1)
        line.append(
          cell(NumberText.fixed(Float(value), decimals: decimals), valueWidth), style: emphasis)
        line.append(" ")
      }
      let delta = changed[id] - own[id]
      let sign =
        delta > 0
          && NumberText.fixed(Float(delta), decimals: decimals)
            != NumberText.fixed(0, decimals: decimals)
        ? "+" : ""
      line.append(
        cell(sign + NumberText.fixed(Float(delta), decimals: decimals), 7), style: emphasis)
      lines.append(line)
    }
    return .lines(lines)
  }
}
