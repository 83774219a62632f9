import Testing

@testable import TerminalKit

/// Shared sample content for the rendering tests.
enum Fixtures {
  /// A 4x4 causal attention score grid (upper triangle masked with -infinity).
  static func attentionScores() throws -> Heatmap {
    let values: [[Float]] = [
      [0.91, -.infinity, -.infinity, -.infinity],
      [-0.42, 1.37, -.infinity, -.infinity],
      [0.05, -1.12, 0.66, -.infinity],
      [1.80, 0.33, -0.27, -0.98],
    ]
    return try Heatmap(
      values: values, rowLabels: ["The", " cat", " sat", " on"],
      columnLabels: ["0", "1", "2", "3"], title: "blocks.0.attn.hook_attn_scores head 0")
  }

  static func probabilities() throws -> BarChart {
    try BarChart(
      labels: [" prosperity", " the", " a", " peace"], values: [0.87, 0.08, 0.04, 0.01],
      highlighted: 0, title: "next token")
  }

  /// A grid of `rows` x `columns` values `sin`-like but exactly reproducible.
  static func grid(rows: Int, columns: Int) -> [[Float]] {
    (0..<rows).map { r in
      (0..<columns).map { c in Float((r * 7 + c * 13) % 41 - 20) / 10 }
    }
  }
}

/// Snapshots of a heatmap, its legend and a bar chart at widths 40 and 80.
@Suite struct SnapshotRenderTests {
  static func page() throws -> Document {
    let heatmap = try Fixtures.attentionScores()
    return Document(
      title: "Attention scores",
      blocks: [
        .paragraph([
          Span("Each row is a query position; "), Span("·", style: .bold),
          Span(" marks a future position the causal mask hides."),
        ]),
        .blank,
        .heatmap(heatmap),
        .legend(heatmap.legend),
        .blank,
        .bars(try Fixtures.probabilities()),
      ])
  }

  @Test(arguments: [40, 80], [ColorLevel.none, .trueColor])
  func pageSnapshot(width: Int, level: ColorLevel) throws {
    let lines = try Self.page().render(width: width)
    let text = ANSIEncoder(level: level).encode(lines)
    let suffix = level == .none ? "plain" : "truecolor"
    Snapshot.assert(text, named: "page-\(width)-\(suffix)")
  }

  @Test func wideHeatmapSnapshot() throws {
    let heatmap = try Heatmap(
      values: Fixtures.grid(rows: 12, columns: 64), maxRows: 8, maskGlyph: "·")
    let text = ANSIEncoder(level: .ansi256).encode(Block.heatmap(heatmap).render(width: 80))
    Snapshot.assert(text, named: "heatmap-64x12-80-ansi256")
  }
}
