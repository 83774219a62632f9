import TinyGPT

/// A word-level corpus cut into sentences, with a seeded held-out split.
///
/// Each training sequence is a window of up to `n_ctx + 1` tokens of the sentence stream that
/// starts at the beginning of a sentence (so the model learns to continue from a sentence
/// start, as the walkthrough's prompts do) and whose first sentence fits entirely.
public struct WordCorpus: TrainingData {
  public var tokenizer: Tokenizer
  /// Training sentences, each a list of token ids ending with ".".
  public var trainSentences: [[Int]]
  /// Held-out sentences.
  public var heldOutSentences: [[Int]]
  /// Every training window (the data batches are drawn from).
  public var trainExamples: [TrainingExample]
  public var heldOut: [TrainingExample]

  /// Reads `text` (sentences end with ".", "!" or "?"; a last sentence without one gets ".").
  ///
  /// The vocabulary is the corpus's tokens sorted, unless `vocabulary` (a model's tokenizer
  /// being continued) is given. `heldOutFraction` of the sentences, chosen with `seed`, are
  /// held out.
  public init(
    text: String, nCtx: Int, heldOutFraction: Double = 0.1, seed: UInt64 = 0,
    vocabulary: Tokenizer? = nil
  ) throws {
    let splitter = vocabulary ?? Tokenizer(kind: .word, vocabulary: [])
    var words = splitter.split(text)
    if words.isEmpty { throw TrainingError.emptyCorpus }
    if let last = words.last, !Self.isSentenceEnd(last) { words.append(".") }
    let tokenizer = vocabulary ?? Tokenizer(kind: .word, vocabulary: Array(Set(words)).sorted())
    let ids = try words.map { word in
      guard let id = tokenizer.id(of: word) else { throw TrainingError.tokenNotInVocabulary(word) }
      return id
    }
    var sentences: [[Int]] = []
    var current: [Int] = []
    for (word, id) in zip(words, ids) {
      current.append(id)
      if Self.isSentenceEnd(word) {
        sentences.append(current)
        current = []
      }
    }
    let shortest = sentences.map(\.count).min() ?? 0
    guard sentences.contains(where: { $0.count >= 2 && $0.count <= nCtx + 1 }) else {
      throw TrainingError.noSentenceFits(shortestSentence: shortest, nCtx: nCtx)
    }
    // Seeded held-out split: a Fisher-Yates shuffle of the sentence indices.
    var order = Array(sentences.indices)
    var rng = RandomSource(seed: seed ^ 0x4845_4c44)  // "HELD"
    for i in stride(from: order.count - 1, to: 0, by: -1) {
      order.swapAt(i, Int(rng.next() % UInt64(i + 1)))
    }
    let heldOutCount = sentences.count >= 10 ? Int(Double(sentences.count) * heldOutFraction) : 0
    let heldOutSet = Set(order.prefix(heldOutCount))
    self.tokenizer = tokenizer
    trainSentences = sentences.indices.filter { !heldOutSet.contains($0) }.map { sentences[$0] }
    heldOutSentences = sentences.indices.filter { heldOutSet.contains($0) }.map { sentences[$0] }
    trainExamples = Self.windows(trainSentences, nCtx: nCtx)
    heldOut = Self.windows(heldOutSentences, nCtx: nCtx)
    if trainExamples.isEmpty {
      throw TrainingError.noSentenceFits(shortestSentence: shortest, nCtx: nCtx)
    }
  }

  /// Whether a token ends a sentence.
  static func isSentenceEnd(_ token: String) -> Bool {
    token == "." || token == "!" || token == "?"
  }

  /// The windows starting at each sentence whose whole sentence fits in `n_ctx + 1` tokens.
  static func windows(_ sentences: [[Int]], nCtx: Int) -> [TrainingExample] {
    let stream = sentences.flatMap { $0 }
    var examples: [TrainingExample] = []
    var start = 0
    for sentence in sentences {
      defer { start += sentence.count }
      guard sentence.count >= 2, sentence.count <= nCtx + 1 else { continue }
      let window = Array(stream[start..<min(stream.count, start + nCtx + 1)])
      examples.append(
        TrainingExample(tokens: Array(window.dropLast()), targets: window.dropFirst().map { $0 }))
    }
    return examples
  }

  public func batch(size: Int, rng: inout RandomSource) -> [TrainingExample] {
    (0..<size).map { _ in trainExamples[Int(rng.next() % UInt64(trainExamples.count))] }
  }

  public var trainingSample: [TrainingExample] { trainExamples }
}
