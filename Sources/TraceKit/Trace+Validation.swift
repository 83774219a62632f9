import TensorFiles
import TinyGPT

extension Trace {
  /// Checks that the trace agrees with itself, so that anything that draws it can index its
  /// activations by the config and the token count without checking again.
  ///
  /// The rules (`Docs/trace-format.md`, "Validation"): the tokenizer has `d_vocab` usable
  /// entries; sampling settings are in range; there is at least one pass; every pass has
  /// 1...`n_ctx` tokens, token ids (inputs, candidates, chosen) inside the vocabulary with
  /// the vocabulary's text, candidates with distinct ids and probabilities in [0, 1], best first; activation names
  /// are unique in a pass; every activation named by a `HookPoint` has exactly the axes and
  /// the shape that point has for the pass's token count and the config, belongs to a layer
  /// `< n_layers` and to a part the config has (LayerNorm, positions); every layer has
  /// activations in every pass; probabilities (`hook_probs`, `attn.hook_pattern`) are in
  /// [0, 1]; values are finite except -infinity (masked scores) in `attn.hook_attn_scores`
  /// and in activations of names this build does not know, which are otherwise allowed;
  /// weights (`parameters`), when present, have unique names, the shapes the config gives
  /// their GPT-2 names, and finite values; the permutation run, when present, follows
  /// `checkPermutation()`.
  ///
  /// Nothing is allocated in proportion to a config field before that field has been
  /// compared with what the trace holds (`n_layers` with the number of activations).
  public func validate() throws(TraceError) {
    let vocabularySize = tokenizer.vocabulary.count
    guard vocabularySize == config.dVocab else {
      throw .badField(
        path: "tokenizer.vocabulary",
        problem: "has \(vocabularySize) tokens but config.d_vocab is \(config.dVocab)")
    }
    do { try tokenizer.validateVocabulary() } catch {
      throw .badField(path: error.path, problem: error.problem)
    }
    try checkSampling()
    guard !passes.isEmpty else {
      throw .badField(path: "passes", problem: "is empty; a trace has at least one pass")
    }
    for (p, pass) in passes.enumerated() {
      try pass.validate(path: "passes[\(p)]", config: config, tokenizer: tokenizer)
    }
    try checkPermutation()
    try checkParameters()
  }

  /// Weights carried by the trace: unique names; a name the config has (GPT-2's) holds
  /// exactly its shape; finite values. Runs after the passes have bounded `n_layers`, so
  /// the list of expected names is small.
  private func checkParameters() throws(TraceError) {
    guard !parameters.isEmpty else { return }
    var expected: [String: [Int]] = [:]
    for (name, shape) in Parameters.expectedShapes(for: config) { expected[name] = shape }
    var names: Set<String> = []
    for (i, parameter) in parameters.enumerated() {
      let at = "parameters.\(excerpt(parameter.name))"
      guard names.insert(parameter.name).inserted else {
        throw .badField(path: at, problem: "is given twice")
      }
      let tensor = parameter.tensor
      guard Tensor.checkedCount(of: tensor.shape) == tensor.data.count else {
        throw .dataLengthMismatch(
          path: "parameters[\(i)]", name: parameter.name, shape: tensor.shape,
          count: tensor.data.count)
      }
      if let shape = expected[parameter.name], shape != tensor.shape {
        throw .badField(
          path: "\(at).shape", problem: "is \(shortened(tensor.shape)); the config needs \(shape)")
      }
      if let bad = tensor.data.firstIndex(where: { !$0.isFinite }) {
        throw .badField(path: "\(at).data[\(bad)]", problem: "is \(tensor.data[bad])")
      }
    }
  }

  private func checkSampling() throws(TraceError) {
    let t = sampling.temperature
    guard t.isFinite, t >= 0 else {
      throw .badField(path: "sampling.temperature", problem: "is \(t); expected a number >= 0")
    }
    if let k = sampling.topK, k < 1 {
      throw .badField(path: "sampling.top_k", problem: "is \(k); expected null or at least 1")
    }
    if let p = sampling.topP, !(p > 0 && p <= 1) {
      throw .badField(path: "sampling.top_p", problem: "is \(p); expected null or in (0, 1]")
    }
  }
}

extension Pass {
  /// The rules of `Trace.validate()` for one pass at `path` (`passes[2]`).
  func validate(path: String, config: ModelConfig, tokenizer: Tokenizer) throws(TraceError) {
    /// A token id inside the vocabulary, with the vocabulary's text for it.
    func checkToken(_ id: Int, _ text: String, _ at: String) throws(TraceError) {
      let vocabulary = tokenizer.vocabulary
      guard id >= 0, id < vocabulary.count else {
        throw .tokenOutOfRange(path: at, id: id, vocabularySize: vocabulary.count)
      }
      guard text == vocabulary[id] else {
        throw .badField(
          path: "\(at).text",
          problem: "is \(Tokenizer.quoted(text)) but token \(id) is "
            + "\(Tokenizer.quoted(vocabulary[id])) in the vocabulary")
      }
    }
    guard !tokens.isEmpty else {
      throw .badField(path: "\(path).tokens", problem: "is empty; a pass has at least one token")
    }
    guard tokens.count <= config.nCtx else {
      throw .badField(
        path: "\(path).tokens",
        problem: "has \(tokens.count) tokens but config.n_ctx is \(config.nCtx)")
    }
    guard croppedTokenCount >= 0 else {
      throw .badField(
        path: "\(path).cropped_tokens", problem: "is \(croppedTokenCount); expected a count >= 0")
    }
    for (i, token) in tokens.enumerated() {
      try checkToken(token.id, token.text, "\(path).tokens[\(i)]")
    }
    try checkToken(chosen.id, chosen.text, "\(path).chosen")
    try checkCandidates(path: path, checkToken: checkToken)
    try checkActivations(path: path, config: config)
  }

  private func checkCandidates(
    path: String, checkToken: (Int, String, String) throws(TraceError) -> Void
  ) throws(TraceError) {
    var ids: Set<Int> = []
    for (i, candidate) in candidates.enumerated() {
      let at = "\(path).candidates[\(i)]"
      try checkToken(candidate.id, candidate.text, at)
      guard ids.insert(candidate.id).inserted else {
        throw .badField(path: at, problem: "repeats token id \(candidate.id)")
      }
      let probability = candidate.probability
      guard probability >= 0, probability <= 1 else {
        throw .badField(
          path: "\(at).probability", problem: "is \(probability); expected a probability in [0, 1]")
      }
      if i > 0, probability > candidates[i - 1].probability {
        throw .badField(
          path: "\(at).probability",
          problem: "is \(probability), more than the candidate before it "
            + "(\(candidates[i - 1].probability)); candidates are listed best first")
      }
    }
  }

  private func checkActivations(path: String, config: ModelConfig) throws(TraceError) {
    // n_layers against what the pass holds, before anything is sized by it.
    guard config.nLayers <= activations.count else {
      throw .badField(
        path: "config.n_layers",
        problem: "is \(config.nLayers) but \(path) holds only \(activations.count) activations")
    }
    var layerSeen = [Bool](repeating: false, count: config.nLayers)
    var names: Set<String> = []
    for (a, activation) in activations.enumerated() {
      let at = "\(path).activations[\(a)]"
      guard names.insert(activation.name).inserted else {
        throw .badField(path: "\(at).name", problem: "repeats the name of an earlier activation")
      }
      guard activation.axes.count == activation.shape.count else {
        throw .axesMismatch(
          path: at, name: activation.name, axes: activation.axes, shape: activation.shape)
      }
      guard Tensor.checkedCount(of: activation.shape) == activation.data.count else {
        throw .dataLengthMismatch(
          path: at, name: activation.name, shape: activation.shape,
          count: activation.data.count)
      }
      guard let name = ActivationName(activation.name) else {
        // A name this build does not know: allowed, finite values or -infinity.
        if let bad = activation.data.firstIndex(where: { $0.isNaN || $0 == .infinity }) {
          throw .badField(path: "\(at).data[\(bad)]", problem: "is \(activation.data[bad])")
        }
        continue
      }
      if let layer = name.layer {
        guard layer < config.nLayers else {
          throw .badField(
            path: "\(at).name",
            problem: "is \(activation.name), but config.n_layers is \(config.nLayers)")
        }
        layerSeen[layer] = true
      }
      try check(activation, as: name.point, at: at, config: config)
    }
    if let missing = layerSeen.firstIndex(of: false) {
      throw .badField(
        path: "\(path).activations",
        problem: "has none of layer \(missing) (config.n_layers is \(config.nLayers))")
    }
  }

  /// One activation of a known hook point: present in this config, the right axes and shape,
  /// values in range.
  private func check(
    _ activation: Activation, as point: HookPoint, at: String, config: ModelConfig
  ) throws(TraceError) {
    if point.isLayerNorm && config.normalizationType == nil {
      throw .badField(
        path: "\(at).name", problem: "is \(activation.name), but the config has no LayerNorm")
    }
    if point == .posEmbed && config.positionalEmbeddingType == .none {
      throw .badField(
        path: "\(at).name",
        problem: "is \(activation.name), but the config has no positional embedding")
    }
    let expected = point.shape(pos: tokens.count, config: config)
    guard activation.shape == expected, activation.axes == point.axes else {
      throw .wrongShape(
        path: at, name: activation.name, shape: activation.shape, expected: expected,
        axes: point.axes)
    }
    let isProbability = point == .probs || point == .pattern
    let mayBeMasked = point == .attnScores
    for (i, value) in activation.data.enumerated() {
      let ok =
        isProbability
        ? value >= 0 && value <= 1 : value.isFinite || (mayBeMasked && value == -.infinity)
      guard ok else {
        throw .badField(
          path: "\(at).data[\(i)]",
          problem: isProbability
            ? "is \(value); \(activation.name) holds probabilities in [0, 1]"
            : "is \(value); only attn.hook_attn_scores may hold -infinity (null)")
      }
    }
  }
}
