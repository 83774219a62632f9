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
    // [d_model, d_head] · [d_model, d_head]ᵀ -> [d_model, d_model]
    let qk = Self.product(wQ, wK.transposed()).map { $0 * scale }
    let ov = Self.product(wV, wO)  // [d_model, d_head] · [d_head, d_model] -> [d_model, d_model]
    self.layer = layer
    self.head = head
    self.qk = CircuitMatrix(name: "W_QK", rows: d, cols: d, data: qk)
    self.ov = CircuitMatrix(name: "W_OV", rows: d, cols: d, data: ov)
  }

  /// `a · b` in Double, row-major. `[m, k] · [k, n] -> [m, n]`
  static func product(_ a: Matrix, _ b: Matrix) -> [Double] {
    var out = [Double](repeating: 0, count: a.rows * b.cols)
    for i in 0..<a.rows {
      for j in 0..<b.cols {
        var sum = 0.0
        for k in 0..<a.cols { sum += Double(a[i, k]) * Double(b[k, j]) }
        out[i * b.cols + j] = sum
      }
    }
    return out
  }
}

extension Model {
  /// The QK and OV circuits of head `head` in layer `layer` (both in range).
  public func circuits(layer: Int, head: Int) -> HeadCircuits {
    HeadCircuits(block: parameters.blocks[layer], layer: layer, head: head, config: config)
  }
}
