import Foundation
import Testing

/// `--prompt-file`, the temperature-0 note and the default pass count of character models.
@Suite struct PromptFileCLITests {
  @Test(arguments: ["predict", "generate", "trace", "walk"])
  func promptFileGivesTheSamePromptAsPrompt(_ command: String) throws {
    let directory = try Tracer.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let file = directory.appendingPathComponent("prompt.txt")
    try Data("a robot finds music\n".utf8).write(to: file)
    let extra = command == "trace" ? ["-o", "-"] : command == "walk" ? ["--step", "1"] : []
    let direct = try Tracer.run([command, "--prompt", "a robot finds music"] + extra)
    let fromFile = try Tracer.run([command, "--prompt-file", file.path] + extra)
    let fromInput = try Tracer.run(
      [command, "--prompt-file", "-"] + extra, input: "a robot finds music\n")
    #expect(direct.status == 0, "\(direct.stderr)")
    #expect(fromFile.status == 0 && fromInput.status == 0, "\(fromFile.stderr) \(fromInput.stderr)")
    #expect(fromFile.stdout == direct.stdout)
    #expect(fromInput.stdout == direct.stdout)
    #expect(direct.stdout.contains("music"))
  }

  @Test func promptFileErrorsAreOneLine() throws {
    let directory = try Tracer.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let big = directory.appendingPathComponent("big.txt")
    try Data(repeating: UInt8(ascii: "a"), count: (1 << 20) + 1).write(to: big)
    let binary = directory.appendingPathComponent("binary.txt")
    try Data([0x74, 0xFF, 0xFE]).write(to: binary)
    let cases: [([String], Int32, String)] = [
      (
        ["--prompt", "the", "--prompt-file", big.path], 2,
        "give --prompt or --prompt-file, not both"
      ),
      (["--prompt-file", "/nonexistent/p.txt"], 1, "cannot read --prompt-file /nonexistent/p.txt"),
      (["--prompt-file", big.path], 1, "is larger than 1 MiB"),
      (["--prompt-file", binary.path], 1, "is not UTF-8 text"),
      (["--prompt-file", directory.path], 1, "cannot read --prompt-file"),
    ]
    for (arguments, status, message) in cases {
      let result = try Tracer.run(["predict"] + arguments)
      #expect(result.status == status, "\(arguments)")
      #expect(result.errorLines.count == 1 && result.stderr.contains(message), "\(result.stderr)")
    }
  }

  @Test func topKAndTopPAtTemperatureZeroSaySoOnce() throws {
    let note =
      "note: --top-k has no effect at temperature 0 (greedy); give --temperature above 0 to sample"
    let greedy = try Tracer.run(["generate", "--tokens", "2", "--top-k", "3"])
    #expect(greedy.status == 0)
    #expect(greedy.errorLines == [note])
    let plain = try Tracer.run(["generate", "--tokens", "2"])
    #expect(greedy.stdout == plain.stdout, "the setting changes nothing")
    let both = try Tracer.run(["trace", "-o", "-", "--top-k", "3", "--top-p", "0.5"])
    #expect(both.errorLines.first?.hasPrefix("note: --top-k and --top-p have no effect") == true)
    #expect(both.errorLines.count == 2, "the note and the 'wrote' line: \(both.stderr)")
    let sampled = try Tracer.run([
      "generate", "--tokens", "2", "--top-k", "3", "--temperature", "1",
    ])
    #expect(sampled.status == 0 && sampled.stderr.isEmpty)
  }

  @Test func theSortModelFinishesItsAnswerByDefault() throws {
    let result = try Tracer.run(["trace", "--model", "sort", "--prompt", "ebdca|", "-o", "-"])
    #expect(result.status == 0)
    // n_ctx 10, 6 prompt tokens: 5 passes, the last seeing exactly 10 tokens.
    // Counted in the top-level passes (the last field), not the permutation run's.
    let passes = { (json: String) in
      (json.components(separatedBy: "\n  \"passes\": [").last ?? "")
        .components(separatedBy: "\"chosen\"").count - 1
    }
    #expect(passes(result.stdout) == 5)
    let walk = try Tracer.run(["walk", "--model", "sort", "--prompt", "ebdca|", "--step", "22"])
    for (pass, letter) in zip(1...5, ["a", "b", "c", "d", "e"]) {
      #expect(walk.stdout.contains("pass \(pass)  → \(letter)"), "\(walk.stdout)")
    }
    let words = try Tracer.run(["trace", "-o", "-"])
    #expect(passes(words.stdout) == 4)
  }
}
