import Foundation
import TerminalKit
import TinyGPT

/// Sinusoidal positions shift by a fixed linear map: `PE(k+1) = PE(k) · M`, M block-diagonal
/// with a 2×2 rotation on each column pair (2i, 2i+1), checked against every recorded row of
/// `hook_pos_embed`. For learned positions it shows why no such rotation exists: the rows of
/// `transformer.wpe.weight` have different lengths, and a rotation keeps lengths.
struct PositionShiftView: WalkthroughView {
  /// Column pairs whose angle is listed.
  static let listedPairs = 4

  func inputs(for config: ModelConfig) -> [ViewInput] {
    config.positionalEmbeddingType == .standard ? [] : [.init(.posEmbed)]
  }

  /// The learned position table, for models that have one.
  static let table = WeightInput.model("transformer.wpe.weight")

  func weights(for config: ModelConfig) -> [WeightInput] {
    config.positionalEmbeddingType == .standard ? [Self.table] : []
  }

  /// The angle pair `i` (columns 2i, 2i+1) turns by per position: `1 / 10000^(2i/d_model)`.
  static func angle(pair i: Int, dModel: Int) -> Double {
    1 / pow(10000, Double(2 * i) / Double(dModel))
  }

  /// M `[d_model, d_model]`: `[[cos ω, −sin ω], [sin ω, cos ω]]` at rows and columns
  /// (2i, 2i+1), so that the row `[sin θ, cos θ]` times it is `[sin(θ+ω), cos(θ+ω)]`.
  static func shift(dModel d: Int) -> [Double] {
    var m = [Double](repeating: 0, count: d * d)
    for i in 0..<(d / 2) {
      let w = angle(pair: i, dModel: d)
      let (a, b) = (2 * i, 2 * i + 1)
      m[a * d + a] = cos(w)
      m[a * d + b] = -sin(w)
      m[b * d + a] = sin(w)
      m[b * d + b] = cos(w)
    }
    return m
  }

  func blocks(_ inputs: ViewInputs, in context: PageContext) throws -> [Block] {
    if context.config.positionalEmbeddingType == .standard {
      return try learnedBlocks(inputs, in: context)
    }
    let d = context.config.dModel
    let pe = try inputs(.posEmbed).matrix  // [pos, d_model]
    let rows = pe.data.map(Double.init)
    let m = Self.shift(dModel: d)
    let shifted = HeadWeights.product(rows, m, inner: d, cols: d)  // [pos, d_model]
    let checks: [Block] = (0..<max(0, pe.rows - 1)).map { k in
      let difference = maxDifference(
        Array(shifted[(k * d)..<((k + 1) * d)]), Array(rows[((k + 1) * d)..<((k + 2) * d)]))
      return .text("PE(\(k)) · M vs PE(\(k + 1)): max |difference| = \(scientific(difference))")
    }
    let angles = (0..<min(Self.listedPairs, d / 2)).map { i in
      "(\(2 * i), \(2 * i + 1)): \(String(format: "%.4f", Self.angle(pair: i, dModel: d)))"
    }
    return [
      Draw.note(
        "M: a 2×2 rotation [[cos ω_i, −sin ω_i], [sin ω_i, cos ω_i]] on each column pair (2i, 2i+1), "
          + "ω_i = 1/10000^(2i/d_model), zeros elsewhere"),
      Draw.matrix(float(m, rows: d, cols: d), title: "M", rows: []),
      .text(
        "ω per pair: " + angles.joined(separator: "  ")
          + (d / 2 > Self.listedPairs ? "  … (\(d / 2) pairs)" : "")),
      Draw.note(
        "PE = hook_pos_embed (rows: positions 0..\(pe.rows - 1) of this pass); our columns "
          + "interleave sin and cos (2i, 2i+1), the notes put the sines in the first half and the "
          + "cosines in the second: the same M up to that column permutation"),
      .stack(checks),
    ] + context.interventionCaveat
  }

  /// Learned positions: the length of every row of the table. A rotation (the sinusoidal shift)
  /// keeps lengths, so rows of different lengths cannot be rotations of each other.
  func learnedBlocks(_ inputs: ViewInputs, in context: PageContext) throws -> [Block] {
    guard let table = try inputs.weight(Self.table) else {
      return [Draw.note("the trace does not carry transformer.wpe.weight (trace --weights)")]
    }
    let norms = (0..<table.rows).map { k in  // [n_ctx]
      table.row(k).reduce(0.0) { $0 + Double($1) * Double($1) }.squareRoot()
    }
    let shortest = norms.indices.min { norms[$0] < norms[$1] } ?? 0
    let longest = norms.indices.max { norms[$0] < norms[$1] } ?? 0
    let steps = zip(norms, norms.dropFirst()).map { abs($1 - $0) }
    let sinusoidal = (Double(context.config.dModel) / 2).squareRoot()
    return [
      Draw.matrix(
        Matrix(rows: 1, cols: norms.count, data: norms.map(Float.init)),
        title: "‖PE(k)‖: the length of each row k of transformer.wpe.weight", rows: ["length"]),
      .text(
        "shortest ‖PE(\(shortest))‖ = \(String(format: "%.4f", norms[shortest])), longest "
          + "‖PE(\(longest))‖ = \(String(format: "%.4f", norms[longest])); from one position to "
          + "the next the length changes by up to \(String(format: "%.4f", steps.max() ?? 0))"),
      Draw.note(
        "a rotation keeps lengths, so no rotation (like the sinusoidal shift, whose rows all have "
          + "length √(d_model/2) = \(String(format: "%.4f", sinusoidal))) carries one learned "
          + "position to the next"),
    ]
  }

  func animation(config: ModelConfig, tokenCount: Int) -> ViewAnimation? { nil }
}
