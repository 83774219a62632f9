import TinyGPT
import TraceKit

/// A learned weight a view reads, by its GPT-2 name: one of the reader's block
/// (`transformer.h.{layer}.attn.c_attn.weight`) or of the whole model (`transformer.wte.weight`).
///
/// Weights are optional: a page draws the real matrix when the trace carries the weights and a
/// labelled box otherwise, so the walkthrough checks them only against traces that carry weights.
struct WeightInput: Hashable, Sendable, CustomStringConvertible {
  /// The name after `transformer.h.{layer}.` for block weights, the whole name otherwise.
  var suffix: String
  var perLayer: Bool

  /// A weight of the reader's block, e.g. `.block("attn.c_attn.weight")`.
  static func block(_ suffix: String) -> WeightInput { WeightInput(suffix: suffix, perLayer: true) }
  /// A weight of the whole model, e.g. `.model("transformer.wte.weight")`.
  static func model(_ name: String) -> WeightInput { WeightInput(suffix: name, perLayer: false) }

  /// The unembedding `W_U`: the token embedding when tied, `lm_head.weight` otherwise
  /// (both `[d_vocab, d_model]`).
  static func unembedding(_ config: ModelConfig) -> WeightInput {
    .model(config.tieWordEmbeddings ? "transformer.wte.weight" : "lm_head.weight")
  }

  /// The name in block `layer`.
  func name(layer: Int) -> String { perLayer ? "transformer.h.\(layer).\(suffix)" : suffix }

  /// The name as the documentation writes it (`transformer.h.{layer}.attn.c_attn.weight`).
  var description: String { perLayer ? "transformer.h.{layer}.\(suffix)" : suffix }
}

extension Tensor {
  /// The tensor as a matrix: `[r, c]` as is, a vector as one row. `[n] -> [1, n]`
  var matrix: Matrix {
    shape.count == 2
      ? Matrix(rows: shape[0], cols: shape[1], data: data)
      : Matrix(rows: 1, cols: data.count, data: data)
  }
}
