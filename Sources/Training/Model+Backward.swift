import TinyGPT

// Backpropagation through the whole model: one forward pass (the model's own, with a
// `BackwardRecorder`), then the backward of each step in reverse order.

/// The loss of one sequence and the gradient of every weight.
public struct SequenceGradients: Sendable {
  /// The summed cross-entropy over the positions with a target.
  public var loss: Double
  /// How many positions had a target.
  public var count: Int
  /// `∂(weight · loss)/∂θ` for every weight θ.
  public var gradients: Parameters
}

extension Model {
  /// Runs `tokens` forward and backward; the loss is the cross-entropy at every position whose
  /// target is not `nil`, and the gradients are those of `weight · loss`.
  /// `[pos] -> Parameters-shaped gradients`
  public func gradients(tokens: [Int], targets: [Int?], weight: Float = 1) -> SequenceGradients {
    var cache = BackwardRecorder()
    let logits = forward(tokens, hooks: &cache)  // [pos] -> [pos, d_vocab]
    let ce = crossEntropy(logits: logits, targets: targets, weight: weight)
    var grads = Parameters(zerosLike: parameters)
    let lastLayer = config.nLayers - 1

    // Unembedding: logits = lnFinalOut · W_Uᵀ.
    let finalOut = finalNormOutput(cache, lastLayer: lastLayer)  // [pos, d_model]
    let dLogits = ce.logitsGradient  // [pos, d_vocab]
    let dOutputEmbedding = Matrix.matmul(transposing: dLogits, finalOut)  // -> [d_vocab, d_model]
    if parameters.unembedding != nil {
      grads.unembedding = dOutputEmbedding
    } else {
      grads.tokenEmbedding = grads.tokenEmbedding + dOutputEmbedding
    }
    var dX = Matrix.matmul(dLogits, parameters.outputEmbedding)  // [pos, d_vocab] -> [pos, d_model]
    if let ln = parameters.finalNorm {
      let g = layerNormBackward(
        dX, normalized: cache[.lnFinalNormalized], scale: cache[.lnFinalScale], weight: ln.weight)
      dX = g.input
      grads.finalNorm = LayerNormParameters(weight: g.weight, bias: g.bias)
    }

    for layer in stride(from: lastLayer, through: 0, by: -1) {
      dX = blockBackward(dX, layer: layer, cache: cache, grads: &grads.blocks[layer])
    }

    // Embedding: x = wte[tokens] + positional.
    embeddingBackward(dX, tokens: tokens, into: &grads.tokenEmbedding)
    if var dPositional = grads.positionEmbedding {
      for p in 0..<dX.rows {
        for c in 0..<dX.cols { dPositional[p, c] += dX[p, c] }  // rows 0..<pos of [n_ctx, d]
      }
      grads.positionEmbedding = dPositional
    }
    return SequenceGradients(loss: ce.loss, count: ce.count, gradients: grads)
  }

  /// The unembedding's input: the final LayerNorm's output, or the last residual stream.
  func finalNormOutput(_ cache: BackwardRecorder, lastLayer: Int) -> Matrix {
    if parameters.finalNorm != nil { return cache[.lnFinalOut] }
    return cache[.residPost, layer: lastLayer]
  }

  /// Backward through block `layer`: `mid = x + attn(ln1(x))`, `out = mid + mlp(ln2(mid))`.
  /// `dOut: [pos, d_model] -> dX: [pos, d_model]`
  func blockBackward(
    _ dOut: Matrix, layer: Int, cache: BackwardRecorder, grads: inout BlockParameters
  ) -> Matrix {
    let b = parameters.blocks[layer]
    // MLP branch.
    let mlpIn = b.ln2 == nil ? cache[.residMid, layer: layer] : cache[.ln2Out, layer: layer]
    let down = linearBackward(dOut, input: cache[.mlpPost, layer: layer], weight: b.mlpProjWeight)
    grads.mlpProjWeight = down.weight
    grads.mlpProjBias = down.bias
    let dPre = activationBackward(
      down.input, pre: cache[.mlpPre, layer: layer], function: config.actFn)  // [pos, d_mlp]
    let up = linearBackward(dPre, input: mlpIn, weight: b.fcWeight)  // -> [pos, d_model]
    grads.fcWeight = up.weight
    grads.fcBias = up.bias
    var dMid =
      dOut
      + layerNormBackwardIfPresent(
        up.input, b.ln2, cache, (.ln2Normalized, .ln2Scale), layer, &grads.ln2)

    // Attention branch.
    let attnIn = b.ln1 == nil ? cache[.residPre, layer: layer] : cache[.ln1Out, layer: layer]
    let dAttnIn = attentionBackward(dMid, input: attnIn, layer: layer, cache: cache, grads: &grads)
    dMid =
      dMid
      + layerNormBackwardIfPresent(
        dAttnIn, b.ln1, cache, (.ln1Normalized, .ln1Scale), layer, &grads.ln1)
    return dMid
  }

  /// LayerNorm backward when the block has one (storing its gradients), else the identity.
  func layerNormBackwardIfPresent(
    _ dY: Matrix, _ ln: LayerNormParameters?, _ cache: BackwardRecorder,
    _ hooks: (normalized: HookPoint, scale: HookPoint), _ layer: Int,
    _ grads: inout LayerNormParameters?
  ) -> Matrix {
    guard let ln else { return dY }
    let g = layerNormBackward(
      dY, normalized: cache[hooks.normalized, layer: layer],
      scale: cache[hooks.scale, layer: layer],
      weight: ln.weight)
    grads = LayerNormParameters(weight: g.weight, bias: g.bias)
    return g.input
  }
}
