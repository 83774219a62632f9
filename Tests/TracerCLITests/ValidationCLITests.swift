import Foundation
import Testing

/// Bad models, vocabularies, traces and settings are refused with one line on standard error
/// (exit 1), before anything is allocated or written.
@Suite struct ValidationCLITests {
  @Test func initRefusesAModelLargerThanMemory() throws {
    let directory = try Tracer.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let line = try CLIErrorTests.failure(
      ["init", "--d-model", "100000", "--d-vocab", "100000", "-o", "big.safetensors"], status: 1,
      directory: directory)
    // d_mlp 4·10^5 by default, n_ctx 16, 2 layers. wte 10^10, wpe 1.6·10^6; a layer: LayerNorms
    // 4·10^5, attention 4·10^10 + 4·10^5, MLP 8·10^10 + 5·10^5; ln_f 2·10^5. 4 bytes each.
    #expect(
      line.contains(
        "the model would need 931.3 GiB for 250,004,400,000 parameters (4 bytes each)"))
    #expect(line.contains("; this machine has "))
    #expect(
      !FileManager.default.fileExists(
        atPath: directory.appendingPathComponent("big.safetensors").path))
  }

  @Test func aVocabularyFileMakesAWordModel() throws {
    let directory = try Tracer.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    try Data("the\ncat\nsat\n\n.\n".utf8).write(to: directory.appendingPathComponent("words.txt"))
    let made = try Tracer.run(
      ["init", "--vocabulary", "words.txt", "-o", "m.json"], directory: directory)
    #expect(made.status == 0, "\(made.stderr)")
    let predicted = try Tracer.run(
      ["predict", "--model", "m.json", "--prompt", "the cat sat"], directory: directory)
    #expect(predicted.status == 0, "\(predicted.stderr)")
    // A character vocabulary must hold characters.
    let line = try CLIErrorTests.failure(
      ["init", "--vocabulary", "words.txt", "--tokenizer", "char", "-o", "c.json"], status: 1,
      directory: directory)
    #expect(
      line == "tracer: error: vocabulary file words.txt line 1: entry 0 is 'the', not one "
        + "character; a char tokenizer's tokens are characters")
  }

  @Test func unusableVocabularyEntriesAreRefused() throws {
    let directory = try Tracer.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    try Data("the\ncat\n\nthe\n".utf8).write(to: directory.appendingPathComponent("dup.txt"))
    try Data("the\nblack cat\n".utf8).write(to: directory.appendingPathComponent("space.txt"))
    #expect(
      try CLIErrorTests.failure(
        ["init", "--vocabulary", "dup.txt", "-o", "m.json"], status: 1, directory: directory)
        == "tracer: error: vocabulary file dup.txt line 4: entry 2 is 'the', the same as entry 0; "
        + "every entry must be distinct")
    #expect(
      try CLIErrorTests.failure(
        ["init", "--vocabulary", "space.txt", "-o", "m.json"], status: 1, directory: directory)
        == "tracer: error: vocabulary file space.txt line 2: entry 1 is 'black cat', which "
        + "contains whitespace; a word token never does")
  }

  @Test func trainingStopsWhenTheLossIsNotANumber() throws {
    let directory = try Tracer.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let result = try Tracer.run(
      [
        "train", "--task", "sort", "--steps", "50", "--batch-size", "2", "--lr", "1e30", "-o",
        "s.json",
      ],
      directory: directory, timeout: 60)
    #expect(result.status == 1)
    let last = result.errorLines.last ?? ""
    #expect(last.hasPrefix("tracer: error: training diverged: the loss is "), "\(result.stderr)")
    #expect(last.contains(" at step "))
    #expect(last.contains("the learning rate is probably too high"))
    #expect(
      !FileManager.default.fileExists(atPath: directory.appendingPathComponent("s.json").path))
  }

  @Test func replayRefusesATraceThatDisagreesWithItself() throws {
    let directory = try Tracer.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    #expect(try Tracer.run(["trace", "-o", "t.json"], directory: directory).status == 0)
    let url = directory.appendingPathComponent("t.json")
    let text = try String(contentsOf: url, encoding: .utf8)
    // hook_embed transposed: the same values, shape [d_model, pos].
    let transposed = text.replacingOccurrences(
      of: "{\"name\": \"hook_embed\", \"axes\": [\"pos\", \"d_model\"], \"shape\": [4, 16]",
      with: "{\"name\": \"hook_embed\", \"axes\": [\"pos\", \"d_model\"], \"shape\": [16, 4]")
    #expect(transposed != text)
    try Data(transposed.utf8).write(to: url)
    let line = try CLIErrorTests.failure(
      ["replay", "t.json", "--all"], status: 1, directory: directory)
    #expect(
      line == "tracer: error: cannot read trace t.json: trace file: activation hook_embed "
        + "(passes[0].activations[0]) has shape [16, 4]; expected [4, 16] [pos, d_model] "
        + "for this pass and config")
  }
}
