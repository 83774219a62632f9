import Testing
import TinyGPT
import Training

@Test func sortExamplesPutTheLossOnTheOutputOnly() throws {
  let task = try SortTask(letters: "abcde", length: 5)
  #expect(task.tokenizer.vocabulary == ["a", "b", "c", "d", "e", "|"])
  let example = task.example([3, 1, 4, 2, 0])  // dbeca
  #expect(task.tokenizer.decode(example.tokens) == "dbeca|abcd")
  #expect(example.targets == [nil, nil, nil, nil, nil, 0, 1, 2, 3, 4])
  #expect(task.contextLength == 10)
}

@Test func heldOutSortInputsAreNeverTrainedOn() throws {
  let task = try SortTask(letters: "abcde", length: 5, seed: 1)
  var rng = RandomSource(seed: 9)
  let batch = task.batch(size: 200, rng: &rng)
  #expect(batch.allSatisfy { !task.isHeldOut(Array($0.tokens.prefix(5))) })
  #expect(task.heldOut.allSatisfy { task.isHeldOut(Array($0.tokens.prefix(5))) })
  #expect(task.heldOut.count == 500)
}

@Test func sortAccuracyCountsExactMatches() throws {
  let task = try SortTask(letters: "abcd", length: 3)
  let config = ModelConfig(nLayers: 1, dModel: 4, nHeads: 1, dMLP: 4, nCtx: 6, dVocab: 5)
  let model = try Model.randomlyInitialized(config: config, tokenizer: task.tokenizer, seed: 0)
  let inputs = [[0, 1, 0], [1, 1, 0]]
  let outputs = inputs.map { model.sortOutput($0, separator: 4) }
  let expected = Double(zip(inputs, outputs).filter { $0.sorted() == $1 }.count) / 2
  #expect(model.sortAccuracy(inputs, separator: 4) == expected)
  #expect(outputs.allSatisfy { $0.count == 3 })
}

@Test func tooSmallSortTaskIsRefused() {
  #expect(throws: TrainingError.self) { try SortTask(letters: "ab", length: 2) }
  #expect(throws: TrainingError.self) { try SortTask(letters: "a|", length: 5) }
}
