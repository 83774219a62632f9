import TerminalKit
import TraceKit

/// Compare mode (`c`): every heatmap of a page drawn as this run minus the baseline run.
extension Walkthrough {
  /// One line naming the first activation in which `trace` differs from `baseline` (as
  /// `tracer diff` finds it), or saying that none does.
  static func differenceSummary(_ trace: Trace, _ baseline: Trace) -> String {
    let diff = TraceDiff(trace, baseline)
    if let first = diff.firstDifference {
      let pass = trace.passes.count > 1 ? " in pass \(first.pass + 1)" : ""
      let at = first.absoluteIndex.map(String.init).joined(separator: ", ")
      return "first activation that differs: \(first.name)\(pass) (largest |Δ| "
        + "\(NumberText.fixed(first.maxAbsolute, decimals: 4)) at [\(at)])"
    }
    if diff.identical { return "no activation differs: the two runs are identical" }
    return "no activation compared differs (\(diff.skipped.count) could not be compared: "
      + "their shapes or passes differ)"
  }

  /// `drawn`, this run's blocks of a page of `view`, in compare mode: a header naming the
  /// baseline and the first activation that differs, then each heatmap replaced by the
  /// difference (this run − baseline) where the baseline's matching heatmap has the same
  /// shape (a line when it is 0 everywhere), and a note for those that cannot be compared. Legends are left out: they give the
  /// scale of the values, not of the differences.
  func compared(_ drawn: [Block], view: any WalkthroughView, in context: PageContext) -> [Block] {
    guard let baseline else {
      return [
        Draw.note(
          "compare mode: there is no baseline run to compare with (replay needs --compare FILE)"),
        .blank,
      ] + drawn
    }
    var header: [Block] = [
      .paragraph([Span("compare mode: Δ = this run − \(baselineName)", style: .bold)]),
      Draw.note(baselineSummary ?? Self.differenceSummary(trace, baseline)),
    ]
    guard baseline.config == trace.config, !baseline.passes.isEmpty,
      context.position.pass < baseline.passes.count || trace.passes.count == 1
    else {
      header += [
        Draw.note("the baseline is of another model or has fewer passes: nothing is compared"),
        .blank,
      ]
      return header + drawn
    }
    var theirContext = PageContext(trace: baseline, position: context.position)
    theirContext.position.pass = min(context.position.pass, baseline.passes.count - 1)
    let theirs = Self.viewBlocks(view, in: theirContext)
    var counts = (compared: 0, total: 0)
    let blocks = Self.difference(drawn, theirs, counts: &counts)
    if counts.compared < counts.total {
      header.append(
        Draw.note(
          "\(counts.total - counts.compared) of \(counts.total) matrices are shown as they are: "
            + "the baseline's have another shape"))
    }
    return header + [.blank] + blocks
  }

  /// `mine` with each heatmap that has a same-shaped counterpart at the same place in `theirs`
  /// replaced by the difference, and legends left out; `counts` counts the heatmaps.
  static func difference(
    _ mine: [Block], _ theirs: [Block], counts: inout (compared: Int, total: Int)
  ) -> [Block] {
    let aligned = mine.count == theirs.count
    return mine.enumerated().compactMap { index, block in
      difference(block, aligned ? theirs[index] : nil, counts: &counts)
    }
  }

  static func difference(
    _ mine: Block, _ theirs: Block?, counts: inout (compared: Int, total: Int)
  ) -> Block? {
    switch (mine, theirs) {
    case (.legend, _):
      return nil
    case (.heatmap(let x), .heatmap(let y)?):
      counts.total += 1
      guard let d = difference(x, y) else { return mine }
      counts.compared += 1
      let unchanged = d.mask == nil && d.values.allSatisfy { $0.allSatisfy { $0 == 0 } }
      return unchanged
        ? Draw.note("\(d.title ?? "Δ"): 0 everywhere, the same in both runs") : .heatmap(d)
    case (.heatmap, _):
      counts.total += 1
      return mine
    case (.stack(let xs), .stack(let ys)?):
      return .stack(difference(xs, ys, counts: &counts))
    case (.stack(let xs), _):
      return .stack(difference(xs, [], counts: &counts))
    case (.row(let xs, let gap, let alignment), .row(let ys, _, _)?):
      return .row(difference(xs, ys, counts: &counts), gap: gap, alignment: alignment)
    case (.row(let xs, let gap, let alignment), _):
      return .row(difference(xs, [], counts: &counts), gap: gap, alignment: alignment)
    case (.indent(let x, let by), .indent(let y, _)?):
      return difference(x, y, counts: &counts).map { .indent($0, by: by) }
    case (.indent(let x, let by), _):
      return difference(x, nil, counts: &counts).map { .indent($0, by: by) }
    default:
      return mine
    }
  }

  /// `x − y` cell by cell, drawn with the diverging palette and titled as a difference; nil
  /// when the shapes differ. A cell masked in either run (`-∞`) stays masked.
  static func difference(_ x: Heatmap, _ y: Heatmap) -> Heatmap? {
    guard x.values.count == y.values.count,
      zip(x.values, y.values).allSatisfy({ $0.count == $1.count })
    else { return nil }
    var d = x
    var mask = x.values.map { $0.map { _ in false } }
    // [rows][columns] -> [rows][columns]
    d.values = x.values.indices.map { r in
      x.values[r].indices.map { c in
        let masked = (x.mask?[r][c] ?? false) || (y.mask?[r][c] ?? false)
        let delta = x.values[r][c] - y.values[r][c]
        if masked || !delta.isFinite {
          mask[r][c] = true
          return 0
        }
        return delta
      }
    }
    d.mask = mask.contains { $0.contains(true) } ? mask : nil
    d.palette = .defaultDiverging
    d.range = nil
    d.title = "Δ " + (x.title ?? "")
    return d
  }
}
