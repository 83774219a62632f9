/// The scale and shift of one LayerNorm. Both `[d_model]`.
public struct LayerNormParameters: Equatable, Sendable {
  public var weight: [Float]
  public var bias: [Float]

  public init(weight: [Float], bias: [Float]) {
    self.weight = weight
    self.bias = bias
  }

  /// The identity LayerNorm affine: weight 1, bias 0.
  public init(width: Int) {
    self.init(
      weight: [Float](repeating: 1, count: width), bias: [Float](repeating: 0, count: width))
  }
}

/// The weights of one transformer block, laid out as GPT-2 stores them (`x · W + b`).
public struct BlockParameters: Equatable, Sendable {
  public var ln1: LayerNormParameters?
  public var attnWeight: Matrix  // c_attn.weight [d_model, 3*d_model]: Q | K | V, heads contiguous
  public var attnBias: [Float]  // c_attn.bias [3*d_model]
  public var attnProjWeight: Matrix  // attn.c_proj.weight [d_model, d_model] (W_O)
  public var attnProjBias: [Float]  // attn.c_proj.bias [d_model]
  public var ln2: LayerNormParameters?
  public var fcWeight: Matrix  // mlp.c_fc.weight [d_model, d_mlp]
  public var fcBias: [Float]  // mlp.c_fc.bias [d_mlp]
  public var mlpProjWeight: Matrix  // mlp.c_proj.weight [d_mlp, d_model]
  public var mlpProjBias: [Float]  // mlp.c_proj.bias [d_model]

  public init(
    ln1: LayerNormParameters?, attnWeight: Matrix, attnBias: [Float], attnProjWeight: Matrix,
    attnProjBias: [Float], ln2: LayerNormParameters?, fcWeight: Matrix, fcBias: [Float],
    mlpProjWeight: Matrix, mlpProjBias: [Float]
  ) {
    self.ln1 = ln1
    self.attnWeight = attnWeight
    self.attnBias = attnBias
    self.attnProjWeight = attnProjWeight
    self.attnProjBias = attnProjBias
    self.ln2 = ln2
    self.fcWeight = fcWeight
    self.fcBias = fcBias
    self.mlpProjWeight = mlpProjWeight
    self.mlpProjBias = mlpProjBias
  }
}

/// Every weight of a model, typed. `Parameters+Named.swift` maps them to GPT-2's tensor names.
public struct Parameters: Equatable, Sendable {
  public var tokenEmbedding: Matrix  // transformer.wte.weight [d_vocab, d_model]
  public var positionEmbedding: Matrix?  // transformer.wpe.weight [n_ctx, d_model] (standard only)
  public var blocks: [BlockParameters]
  public var finalNorm: LayerNormParameters?  // transformer.ln_f
  public var unembedding: Matrix?  // lm_head.weight [d_vocab, d_model], only when untied

  public init(
    tokenEmbedding: Matrix, positionEmbedding: Matrix?, blocks: [BlockParameters],
    finalNorm: LayerNormParameters?, unembedding: Matrix?
  ) {
    self.tokenEmbedding = tokenEmbedding
    self.positionEmbedding = positionEmbedding
    self.blocks = blocks
    self.finalNorm = finalNorm
    self.unembedding = unembedding
  }

  /// The matrix logits are computed with, `[d_vocab, d_model]` (tied: the token embedding).
  public var outputEmbedding: Matrix { unembedding ?? tokenEmbedding }
}
