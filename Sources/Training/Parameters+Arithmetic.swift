import TinyGPT

// Parameters as a vector space: gradients and optimizer moments are `Parameters` too.

extension Parameters {
  /// Parameters of the same shapes as `other`, every value 0.
  public init(zerosLike other: Parameters) {
    var zero = other
    zero.forEachArray { values, _ in
      for i in values.indices { values[i] = 0 }
    }
    self = zero
  }

  /// Calls `body` on every weight array in canonical order (`Parameters.expectedShapes`), with
  /// whether it is a matrix (weight decay applies to matrices only, as in nanoGPT).
  public mutating func forEachArray(_ body: (inout [Float], _ isMatrix: Bool) -> Void) {
    body(&tokenEmbedding.data, true)
    if positionEmbedding != nil { body(&positionEmbedding[default: .empty].data, true) }
    for b in blocks.indices {
      if blocks[b].ln1 != nil {
        body(&blocks[b].ln1[default: .empty].weight, false)
        body(&blocks[b].ln1[default: .empty].bias, false)
      }
      body(&blocks[b].attnWeight.data, true)
      body(&blocks[b].attnBias, false)
      body(&blocks[b].attnProjWeight.data, true)
      body(&blocks[b].attnProjBias, false)
      if blocks[b].ln2 != nil {
        body(&blocks[b].ln2[default: .empty].weight, false)
        body(&blocks[b].ln2[default: .empty].bias, false)
      }
      body(&blocks[b].fcWeight.data, true)
      body(&blocks[b].fcBias, false)
      body(&blocks[b].mlpProjWeight.data, true)
      body(&blocks[b].mlpProjBias, false)
    }
    if finalNorm != nil {
      body(&finalNorm[default: .empty].weight, false)
      body(&finalNorm[default: .empty].bias, false)
    }
    if unembedding != nil { body(&unembedding[default: .empty].data, true) }
  }

  /// Every value in canonical order, as one flat array.
  public func flattened() -> [Float] {
    var copy = self
    var out: [Float] = []
    copy.forEachArray { values, _ in out += values }
    return out
  }

  /// Replaces every value from a flat array in canonical order (the count must match).
  public mutating func assign(flattened flat: [Float]) {
    var offset = 0
    forEachArray { values, _ in
      for i in values.indices { values[i] = flat[offset + i] }
      offset += values.count
    }
  }

  /// Adds `other` (same shapes) elementwise.
  public mutating func add(_ other: Parameters) {
    let flat = other.flattened()
    var offset = 0
    forEachArray { values, _ in
      for i in values.indices { values[i] += flat[offset + i] }
      offset += values.count
    }
  }
}

extension Optional {
  /// Reads and writes the wrapped value in place, using `defaultValue` when `nil`.
  fileprivate subscript(default defaultValue: @autoclosure () -> Wrapped) -> Wrapped {
    get { self ?? defaultValue() }
    set { self = newValue }
  }
}

extension Matrix {
  fileprivate static var empty: Matrix { Matrix(rows: 0, cols: 0) }
}

extension LayerNormParameters {
  fileprivate static var empty: LayerNormParameters { LayerNormParameters(weight: [], bias: []) }
}
