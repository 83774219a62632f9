import TinyGPT

/// The prompt run twice without positional information and without the causal mask (`--ablate
/// pos_embed --no-mask`), once in its own order and once shuffled, one pass each: the evidence
/// that such a model treats its input as a set (`h(Px) = P h(x)`, row by row).
public struct PermutationRun: Equatable, Sendable {
  /// The shuffle: position `i` of the permuted run holds position `order[i]` of the original.
  public var order: [Int]
  /// The changes both runs were made with (`.ablatePositions` when the model has positions,
  /// and `.noMask`).
  public var interventions: [Intervention]
  /// The run on the tokens in their own order.
  public var original: Pass
  /// The run on the tokens in `order`.
  public var permuted: Pass

  public init(order: [Int], interventions: [Intervention], original: Pass, permuted: Pass) {
    self.order = order
    self.interventions = interventions
    self.original = original
    self.permuted = permuted
  }

  /// The two passes, original first, as the trace file lists them.
  public var passes: [Pass] { [original, permuted] }

  /// The fixed shuffle used for `count` tokens: the reverse order (no token stays in place
  /// except the middle one of an odd count).
  public static func reverseOrder(count: Int) -> [Int] { Array((0..<count).reversed()) }
}
