/// Sizes a config implies, computed arithmetically (with overflow checks) so that a config can
/// be compared with what a file holds before anything is allocated for it.
extension ModelConfig {
  /// How many tensors a model of this config has: the length of
  /// `Parameters.expectedShapes(for:)`, without building that list. `nil` on overflow.
  public var expectedTensorCount: Int? {
    let hasLN = normalizationType != nil
    let perLayer = 8 + (hasLN ? 4 : 0)  // attn c_attn, c_proj; mlp c_fc, c_proj (+ ln_1, ln_2)
    let fixed =
      1 + (positionalEmbeddingType == .standard ? 1 : 0) + (hasLN ? 2 : 0)
      + (tieWordEmbeddings ? 0 : 1)
    return Checked.sum([Checked.product([perLayer, nLayers]), fixed])
  }

  /// How many weights a model of this config has (the sum of the element counts of
  /// `Parameters.expectedShapes(for:)`). `nil` on overflow.
  public var parameterCount: Int? {
    let (d, m) = (dModel, dMLP)
    let hasLN = normalizationType != nil
    let layerNorm = hasLN ? Checked.product([2, d]) : 0
    let perLayer = Checked.sum([
      Checked.product([2, layerNorm]),  // ln_1, ln_2
      // c_attn [d, 3d] + [3d], c_proj [d, d] + [d]
      Checked.product([4, d, d]), Checked.product([4, d]),
      Checked.product([2, d, m]), m, d,  // c_fc [d, m] + [m], c_proj [m, d] + [d]
    ])
    let embeddings = Checked.product([dVocab, d])
    return Checked.sum([
      embeddings,
      positionalEmbeddingType == .standard ? Checked.product([nCtx, d]) : 0,
      Checked.product([nLayers, perLayer]),
      layerNorm,
      tieWordEmbeddings ? 0 : embeddings,
    ])
  }

  /// Throws unless a file holding the tensors `tensorNames`, with `elementCount` values in
  /// all, can possibly hold the weights of this config. Nothing is sized by the config before
  /// it has been compared with the file, so a config that says `n_layers` 10⁹ fails at once.
  ///
  /// When the config needs only a few more tensors than the file has (at most 4 × the file's
  /// count + 64), the list of expected names is cheap and the first missing one is named
  /// (`ModelError.missingTensor`), as `Parameters(named:config:)` would.
  public func checkFits(tensorNames: some Collection<String>, elementCount: Int) throws {
    let held = tensorNames.count
    if expectedTensorCount.map({ $0 > held }) ?? true {
      guard let needed = expectedTensorCount, needed <= 4 * held + 64 else {
        throw WeightsFileError.configDoesNotFit(
          needed: "\(expectedTensorCount.map(String.init) ?? "too many") tensors "
            + "(n_layers = \(nLayers))",
          held: "\(held) tensors")
      }
      let present = Set(tensorNames)
      if let missing = Parameters.expectedShapes(for: self).first(where: {
        !present.contains($0.name)
      }) {
        throw ModelError.missingTensor(missing.name)
      }
    }
    guard let weights = parameterCount, weights <= elementCount else {
      throw WeightsFileError.configDoesNotFit(
        needed: "\(parameterCount.map(String.init) ?? "too many") weights "
          + "(d_model = \(dModel), d_mlp = \(dMLP), d_vocab = \(dVocab), n_ctx = \(nCtx))",
        held: "\(elementCount) values")
    }
  }
}

/// Integer arithmetic that returns `nil` instead of overflowing; a `nil` or negative input
/// (an earlier failure) gives `nil`.
private enum Checked {
  /// The product of `factors`, or `nil` on overflow or a negative or `nil` factor.
  static func product(_ factors: [Int?]) -> Int? {
    var result = 1
    for factor in factors {
      guard let factor, factor >= 0 else { return nil }
      let (value, overflow) = result.multipliedReportingOverflow(by: factor)
      if overflow { return nil }
      result = value
    }
    return result
  }

  /// The sum of `terms`, or `nil` on overflow or a negative or `nil` term.
  static func sum(_ terms: [Int?]) -> Int? {
    var result = 0
    for term in terms {
      guard let term, term >= 0 else { return nil }
      let (value, overflow) = result.addingReportingOverflow(term)
      if overflow { return nil }
      result = value
    }
    return result
  }
}
