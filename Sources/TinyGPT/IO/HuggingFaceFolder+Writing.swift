import TensorFiles

extension HuggingFaceFolder {
  /// Why `model` cannot be written as a Hugging Face GPT-2 folder, or `nil` if it can.
  public static func exportProblem(_ model: Model) -> String? {
    let c = model.config
    if c.normalizationType == nil {
      return "the model has no LayerNorms; GPT-2 always has ln_1, ln_2 and ln_f"
    }
    switch c.positionalEmbeddingType {
    case .standard: return nil
    case .sinusoidal: return "sinusoidal positions; GPT-2 learns its positions (wpe)"
    case .none: return "the model has no positional embedding; GPT-2 always has wpe"
    }
  }

  /// The Hugging Face name of each activation function.
  static func hubName(_ act: ActivationFunction) -> String {
    switch act {
    case .geluNew: "gelu_new"
    case .gelu: "gelu"
    case .relu: "relu"
    }
  }

  /// `config.json` as `GPT2LMHeadModel.save_pretrained` writes it (keys sorted, no dropout).
  public static func configJSON(_ model: Model) -> [UInt8] {
    let c = model.config
    let eos = model.tokenizer.id(of: Tokenizer.endOfText)
    var entries: [(String, (inout JSONWriter) -> Void)] = [
      ("activation_function", { $0.string(hubName(c.actFn)) }),
      ("architectures", { $0.strings(["GPT2LMHeadModel"]) }),
      ("attn_pdrop", { $0.raw("0.0") }), ("embd_pdrop", { $0.raw("0.0") }),
      ("initializer_range", { $0.raw("0.02") }),
      ("layer_norm_epsilon", { $0.float(c.lnEps) }), ("model_type", { $0.string("gpt2") }),
      ("n_ctx", { $0.int(c.nCtx) }), ("n_embd", { $0.int(c.dModel) }),
      ("n_head", { $0.int(c.nHeads) }), ("n_inner", { $0.int(c.dMLP) }),
      ("n_layer", { $0.int(c.nLayers) }), ("n_positions", { $0.int(c.nCtx) }),
      ("resid_pdrop", { $0.raw("0.0") }),
      ("tie_word_embeddings", { $0.raw(c.tieWordEmbeddings ? "true" : "false") }),
      ("vocab_size", { $0.int(c.dVocab) }),
    ]
    if let eos {
      entries += [("bos_token_id", { $0.int(eos) }), ("eos_token_id", { $0.int(eos) })]
    }
    var w = JSONWriter()
    w.raw("{")
    for (i, (key, value)) in entries.sorted(by: { $0.0 < $1.0 }).enumerated() {
      w.raw(i == 0 ? "\n  " : ",\n  ")
      w.key(key)
      value(&w)
    }
    w.raw("\n}\n")
    return w.bytes
  }

  /// The tokenizer files: GPT-2's `vocab.json` + `merges.txt` for a BPE tokenizer; for word
  /// and char tokenizers a `tokenizer.json` with a WordLevel model whose pre-tokenizer splits
  /// text the same way. Each comes with a `tokenizer_config.json`.
  public static func tokenizerFiles(_ model: Model) -> [(name: String, bytes: [UInt8])] {
    let tokenizer = model.tokenizer
    var vocab = JSONWriter()
    vocab.raw("{")
    var seen: Set<String> = []
    for (id, token) in tokenizer.vocabulary.enumerated() where seen.insert(token).inserted {
      vocab.raw(id == 0 ? "" : ", ")
      vocab.key(token)
      vocab.int(id)
    }
    vocab.raw("}")
    var config = JSONWriter()
    if let bpe = tokenizer.bytePairEncoding {
      let merges = "#version: 0.2\n" + bpe.merges.map { $0 + "\n" }.joined()
      let special = bpe.specialTokens.first ?? Tokenizer.endOfText
      config.raw("{\n  \"tokenizer_class\": \"GPT2Tokenizer\",\n  \"model_max_length\": ")
      config.int(model.config.nCtx)
      for key in ["bos_token", "eos_token", "unk_token"] {
        config.raw(",\n  ")
        config.key(key)
        config.string(special)
      }
      config.raw("\n}\n")
      return [
        ("vocab.json", vocab.bytes), ("merges.txt", Array(merges.utf8)),
        ("tokenizer_config.json", config.bytes),
      ]
    }
    // Word: lower-cased, split at whitespace, punctuation other than ' and - on its own.
    // Char: every user-perceived character (\X) on its own.
    let (normalizer, split, decoder) =
      tokenizer.kind == .char
      ? (
        "null",
        "{\"type\": \"Split\", \"pattern\": {\"Regex\": \"\\\\X\"}, \"behavior\": \"Isolated\", \"invert\": false}",
        "{\"type\": \"Fuse\"}"
      )
      : (
        "{\"type\": \"Lowercase\"}",
        "{\"type\": \"Sequence\", \"pretokenizers\": [{\"type\": \"WhitespaceSplit\"}, {\"type\": \"Split\", \"pattern\": {\"Regex\": \"[\\\\p{P}&&[^'\\\\-]]\"}, \"behavior\": \"Isolated\", \"invert\": false}]}",
        "null"
      )
    var json = JSONWriter()
    json.raw(
      "{\"version\": \"1.0\", \"truncation\": null, \"padding\": null, \"added_tokens\": [], ")
    json.raw(bytes: Array("\"normalizer\": \(normalizer), \"pre_tokenizer\": \(split), ".utf8))
    json.raw(bytes: Array("\"post_processor\": null, \"decoder\": \(decoder), ".utf8))
    json.raw("\"model\": {\"type\": \"WordLevel\", \"vocab\": ")
    json.raw(bytes: vocab.bytes)
    json.raw(", \"unk_token\": ")
    json.string("<unk>")  // unknown words are refused, as by this tool
    json.raw("}}\n")
    config.raw("{\n  \"tokenizer_class\": \"PreTrainedTokenizerFast\",\n  \"model_max_length\": ")
    config.int(model.config.nCtx)
    config.raw("\n}\n")
    return [("tokenizer.json", json.bytes), ("tokenizer_config.json", config.bytes)]
  }

  /// Writes `model` as a Hugging Face GPT-2 folder into the existing `directory`: each file
  /// atomically; `model.safetensors` holds Float32 tensors under `GPT2LMHeadModel`'s names
  /// (`lm_head.weight` only when untied) with `"format": "pt"`. Files already there are
  /// replaced only when `replacing` is true.
  public static func write(_ model: Model, to directory: String, replacing: Bool = false) throws {
    if let problem = exportProblem(model) { throw HuggingFaceFolderError.notExpressible(problem) }
    func path(_ name: String) -> String { directory + "/" + name }
    let tensors = model.parameters.namedTensors()
    let header = SafetensorsHeader.encode(
      metadata: ["format": "pt"],
      tensors: tensors.map { ($0.name, "F32", $0.tensor.shape, $0.tensor.data.count * 4) })
    let weights = try AtomicFileWriter(.file(path: path("model.safetensors"), replacing: replacing))
    try weights.write(header)
    for (_, tensor) in tensors {
      var bytes: [UInt8] = []
      WeightsFile.appendLittleEndian(tensor.data, to: &bytes)
      try weights.write(bytes)
    }
    try weights.commit()
    for (name, bytes) in [("config.json", configJSON(model))] + tokenizerFiles(model) {
      let file = try AtomicFileWriter(.file(path: path(name), replacing: replacing))
      try file.write(bytes)
      try file.commit()
    }
  }
}
