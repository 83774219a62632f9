/// The two circuits of one attention head, from its weights alone (Elhage et al., "A
/// Mathematical Framework for Transformer Circuits"):
///
/// - `W_QK = W_Q,h · W_K,hᵀ / √d_head`: the score of query residual x_q for key residual x_k
///   is `x_q · W_QK · x_kᵀ` (biases aside).
/// - `W_OV = W_V,h · W_O,h`: what the head writes for an attended-to residual x is `x · W_OV`.
///
/// Both are `[d_model, d_model]` of rank at most `d_head`, formed in Double from the Float32
/// weights.
public struct HeadCircuits: Equatable, Sendable {
  public var layer: Int
  public var head: Int
  public var qk: CircuitMatrix
  public var ov: CircuitMatrix

  /// The circuits of head `head` of `block` (layer `layer`) under `config`.
  public init(block: BlockParameters, layer: Int, head: Int, config: ModelConfig) {
    let (d, dHead) = (config.dModel, config.dHead)
    let cols = (head * dHead)..<((head + 1) * dHead)
    // c_attn.weight is [d_model, 3·d_model]: Q | K | V, heads contiguous inside each.
    let wQ = block.attnWeight.columns(cols)  // [d_model, d_head]
    let wK = block.attnWeight.columns((d + cols.lowerBound)..<(d + cols.upperBound))
    let wV = block.attnWeight.columns((2 * d + cols.lowerBound)..<(2 * d + cols.upperBound))
    let wO = block.attnProjWeight.rows(cols)  // [d_head, d_model]
    let scale = 1 / Double(dHead).squareRoot()
    // W_QK = (W_Q,h / √d_head) · W_K,hᵀ; W_OV = W_V,h · (W_O,hᵀ)ᵀ: factors [d_model, d_head].
    self.layer = layer
    self.head = head
    self.qk = CircuitMatrix(
      name: "W_QK", left: wQ.data.map { Double($0) * scale }, right: wK.data.map(Double.init),
      rows: d, cols: d, inner: dHead)
    self.ov = CircuitMatrix(
      name: "W_OV", left: wV.data.map(Double.init), right: wO.transposed().data.map(Double.init),
      rows: d, cols: d, inner: dHead)
  }
}

extension Model {
  /// The QK and OV circuits of head `head` in layer `layer` (both in range).
  public func circuits(layer: Int, head: Int) -> HeadCircuits {
    HeadCircuits(block: parameters.blocks[layer], layer: layer, head: head, config: config)
  }
}
