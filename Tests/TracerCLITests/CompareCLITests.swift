import Foundation
import TestSupport
import Testing

/// `--compare FILE`: the baseline of `walk` and `replay`.
@Suite struct CompareCLITests {
  @Test func replayComparesWithTheGivenTrace() throws {
    let directory = try Tracer.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let clean = directory.appendingPathComponent("clean.json").path
    let ablated = directory.appendingPathComponent("ablated.json").path
    #expect(try Tracer.run(["trace", "-o", clean]).status == 0)
    #expect(try Tracer.run(["trace", "--ablate", "L1H0", "-o", ablated]).status == 0)
    let alone = try Tracer.run(["replay", ablated, "--all", "--color", "never"])
    #expect(alone.stdout.contains("the model's own probabilities are not known here"))
    let compared = try Tracer.run([
      "replay", ablated, "--compare", clean, "--all", "--color", "never",
    ])
    #expect(compared.status == 0, "\(compared.stderr)")
    #expect(compared.stdout.contains("left: model's own · right: after the change"))
    // walk records the same baseline itself.
    let walked = try Tracer.run(["walk", "--ablate", "L1H0", "--all", "--color", "never"])
    #expect(walked.stdout == compared.stdout)

    let missing = directory.appendingPathComponent("missing.json").path
    let bad = try Tracer.run(["replay", ablated, "--compare", missing])
    #expect(bad.status == 1)
    #expect(
      bad.errorLines.count == 1 && bad.errorLines[0].hasPrefix("tracer: error: cannot read trace"))
  }
}
