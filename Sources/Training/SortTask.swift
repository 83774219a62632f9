import TinyGPT

/// The sorting task: a character-level model reads letters, a separator, and writes the same
/// letters sorted, e.g. `dbeca|abcde`.
///
/// Inputs are split once and for all into training and held-out classes by a fixed hash, so
/// the accuracy is measured on inputs the model never trained on.
public struct SortTask: TrainingData {
  /// The letters inputs are made of, in sorted order.
  public var letters: [Character]
  /// How many letters an input has.
  public var length: Int
  /// The separator between input and output.
  public static let separator: Character = "|"
  public var tokenizer: Tokenizer
  public var trainingSample: [TrainingExample]
  public var heldOut: [TrainingExample]
  /// Every input of each class when there are few enough to list (else inputs are drawn by
  /// rejection), so that drawing always terminates.
  private var pools: (train: [[Int]], heldOut: [[Int]])?

  /// A task over `letters` (distinct, sorted for the vocabulary) with inputs of `length`.
  public init(letters: String = "abcde", length: Int = 5, seed: UInt64 = 0) throws {
    let distinct = Array(Set(letters)).sorted()
    guard distinct.count >= 2, !distinct.contains(Self.separator) else {
      throw TrainingError.invalidSetting(
        name: "letters", reason: "must be at least 2 distinct characters other than '|'")
    }
    guard length >= 2 else {
      throw TrainingError.invalidSetting(
        name: "length", reason: "must be at least 2, got \(length)")
    }
    self.letters = distinct
    self.length = length
    tokenizer = Tokenizer(kind: .char, vocabulary: distinct.map { String($0) } + ["|"])
    trainingSample = []
    heldOut = []
    let space = (0..<length).reduce(1.0) { value, _ in value * Double(distinct.count) }
    if space <= 65_536 {
      var all: [[Int]] = [[]]
      for _ in 0..<length { all = all.flatMap { prefix in distinct.indices.map { prefix + [$0] } } }
      let pools = (train: all.filter { !isHeldOut($0) }, heldOut: all.filter(isHeldOut))
      guard !pools.train.isEmpty, !pools.heldOut.isEmpty else {
        throw TrainingError.invalidSetting(
          name: "sort task", reason: "has too few possible inputs (\(all.count)) to hold some out")
      }
      self.pools = pools
    }
    var sampleRNG = RandomSource(seed: seed ^ 0x5452_4149)  // "TRAI"
    trainingSample = batch(size: 500, rng: &sampleRNG)
    var heldOutRNG = RandomSource(seed: seed ^ 0x4845_4c44)  // "HELD"
    heldOut = freshInputs(count: 500, heldOut: true, rng: &heldOutRNG).map(example)
  }

  /// The context a model needs: the input, the separator and all but the last output letter.
  public var contextLength: Int { 2 * length }

  /// Whether an input belongs to the held-out class (about 1 in 8, by an FNV-1a hash).
  public func isHeldOut(_ input: [Int]) -> Bool {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for id in input {
      hash = (hash ^ UInt64(id)) &* 0x100_0000_01b3
    }
    return hash % 8 == 0
  }

  /// `count` random inputs (token ids) of the training or held-out class.
  public func freshInputs(count: Int, heldOut: Bool, rng: inout RandomSource) -> [[Int]] {
    if let pools {
      let pool = heldOut ? pools.heldOut : pools.train
      return (0..<count).map { _ in pool[Int(rng.next() % UInt64(pool.count))] }
    }
    var inputs: [[Int]] = []
    while inputs.count < count {
      let input = (0..<length).map { _ in Int(rng.next() % UInt64(letters.count)) }
      if isHeldOut(input) == heldOut { inputs.append(input) }
    }
    return inputs
  }

  /// The full training sequence of an input: loss only where the model writes the output.
  /// `input|sorted` minus its last token; `[2 * length]`
  public func example(_ input: [Int]) -> TrainingExample {
    let sequence = input + [letters.count] + input.sorted()  // [2 * length + 1]
    let targets = (0..<(2 * length)).map { p in p >= length ? sequence[p + 1] : nil }
    return TrainingExample(tokens: Array(sequence.dropLast()), targets: targets)
  }

  public func batch(size: Int, rng: inout RandomSource) -> [TrainingExample] {
    freshInputs(count: size, heldOut: false, rng: &rng).map(example)
  }
}

extension Model {
  /// The sorted output the model writes greedily for `input` (token ids), one letter at a time.
  public func sortOutput(_ input: [Int], separator: Int) -> [Int] {
    var sequence = input + [separator]
    for _ in input {
      let logits = forward(Array(sequence.suffix(config.nCtx)))  // [pos] -> [pos, d_vocab]
      let last = logits.row(logits.rows - 1)
      sequence.append(topCandidates(last, count: 1).first?.id ?? 0)
    }
    return Array(sequence.suffix(input.count))
  }

  /// The fraction of `inputs` the model sorts exactly right.
  public func sortAccuracy(_ inputs: [[Int]], separator: Int) -> Double {
    guard !inputs.isEmpty else { return 0 }
    let right = inputs.filter { sortOutput($0, separator: separator) == $0.sorted() }.count
    return Double(right) / Double(inputs.count)
  }
}
