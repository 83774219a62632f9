import Foundation
import TinyGPT

extension Options {
  static let tokenizer = Option<TokenizerKind>.choice(
    "--tokenizer", among: ["char", "word"],
    help: "Tokenizer kind (default: word with --vocabulary, else char)."
  ) { TokenizerKind(rawValue: $0) }
  static let vocabulary = Option.text(
    "--vocabulary", placeholder: "file",
    help:
      "One token per line (distinct, no spaces; one character each for char); sets d_vocab unless given."
  )
}

/// `tracer init`: write a freshly initialised model of any shape.
struct InitCommand: Command {
  static let name = "init"
  static let help = Help(
    usage: "tracer init -o <file.json|file.safetensors> [config options] [--seed <n>]",
    abstract: "Write a freshly initialised model (GPT-2's initialisation, seeded) of any shape.",
    discussion:
      "The extension of the output picks the encoding. Without --vocabulary the tokenizer is character-level over printable ASCII, padded with <unused-N> tokens up to --d-vocab. A GPT-2-small-shaped model: --n-layers 12 --d-model 768 --n-heads 12 --d-mlp 3072 --n-ctx 1024 --d-vocab 50257.",
    options: ConfigOptions.specs + [
      Options.tokenizer.spec, Options.vocabulary.spec,
      Options.seed.help("Seed of the initialisation (default 0).").spec,
      Options.output.help("The weights file to write (required).").spec, Options.force.spec,
    ],
    examples: [
      "tracer init --n-layers 2 --d-model 16 --n-heads 2 -o tiny.json",
      "tracer init --n-layers 12 --d-model 768 --n-heads 12 --d-mlp 3072 --n-ctx 1024 --d-vocab 50257 -o gpt2-shaped.safetensors",
    ])

  var config: ConfigOptions
  var tokenizerKind: TokenizerKind
  var vocabularyPath: String?
  var seed: UInt64
  var output: String
  var force: Bool

  init(parsing arguments: inout Arguments) throws {
    config = try ConfigOptions(parsing: &arguments)
    let kind = try arguments.value(Options.tokenizer)
    vocabularyPath = try arguments.value(Options.vocabulary)
    tokenizerKind = kind ?? (vocabularyPath == nil ? .char : .word)  // a vocabulary file: words
    seed = try arguments.value(Options.seed) ?? 0
    guard let output = try arguments.value(Options.output) else {
      throw UsageError("-o <file> is required")
    }
    _ = try WeightsFormat(path: output)
    self.output = output
    force = arguments.isSet(Options.force)
    if tokenizerKind == .word && vocabularyPath == nil {
      throw UsageError("--tokenizer word needs --vocabulary <file>")
    }
  }

  func run() throws {
    try checkWritable(output, force: force)
    var vocabulary: [String]
    if let vocabularyPath {
      guard let text = try? String(contentsOfFile: vocabularyPath, encoding: .utf8) else {
        throw RunError("cannot read vocabulary file \(vocabularyPath)")
      }
      let lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
      let entries = lines.indices.filter { !lines[$0].isEmpty }  // blank lines are skipped
      vocabulary = entries.map { String(lines[$0]) }
      guard !vocabulary.isEmpty else {
        throw RunError("vocabulary file \(vocabularyPath) has no tokens")
      }
      if let (i, problem) = Tokenizer(kind: tokenizerKind, vocabulary: vocabulary)
        .vocabularyProblem()
      {
        throw RunError(
          "vocabulary file \(vocabularyPath) line \(entries[i] + 1): entry \(i) \(problem)")
      }
    } else {
      vocabulary = (32..<127).compactMap { Unicode.Scalar($0).map { String(Character($0)) } }
    }
    let dVocab = config.dVocab ?? vocabulary.count
    if dVocab < vocabulary.count {
      throw RunError(
        "--d-vocab \(dVocab) is smaller than the vocabulary (\(vocabulary.count) tokens)")
    }
    vocabulary += (vocabulary.count..<dVocab).map { "<unused-\($0)>" }
    let modelConfig = try config.modelConfig(dVocab: dVocab)
    try MemoryBudget.check(modelConfig, format: WeightsFormat(path: output))
    let model = try Model.randomlyInitialized(
      config: modelConfig, tokenizer: Tokenizer(kind: tokenizerKind, vocabulary: vocabulary),
      seed: seed,
      metadata: ["description": "untrained: GPT-2 initialisation with seed \(seed)"])
    try WeightsFile.write(model, to: output, replacing: force)
    Console.standard.note(
      "wrote \(output): \(grouped(model.parameters.parameterCount)) parameters\n")
  }
}
