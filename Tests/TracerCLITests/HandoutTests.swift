import Foundation
import TestSupport
import Testing

/// Printed walkthroughs (`--all`, `--step`, `--format html`) are handouts: no keys to press,
/// no colour legend without colour, and every layer and head on request.
@Suite struct HandoutTests {
  /// Phrases that only make sense with keys to press.
  static let keyPhrases = [
    "[ ]", "{ }", "another head", "another layer", "Press", "press", "Use [",
  ]

  @Test func printedPagesNameNoKeys() throws {
    for arguments in [
      ["walk", "--all", "--color", "never"], ["walk", "--step", "5", "--color", "never"],
      ["walk", "--format", "html"], ["walk", "--all", "--color", "always"],
    ] {
      let result = try Tracer.run(arguments)
      #expect(result.status == 0, "\(arguments): \(result.stderr)")
      for phrase in Self.keyPhrases {
        #expect(!result.stdout.contains(phrase), "\(arguments) prints “\(phrase)”")
      }
    }
  }

  @Test func legendsOnlyWithColour() throws {
    let plain = try Tracer.run(["walk", "--all", "--color", "never"])
    #expect(!plain.stdout.contains("colour scale"))
    let noColor = try Tracer.run(["walk", "--all"], environment: ["NO_COLOR": "1"])
    #expect(!noColor.stdout.contains("colour scale"))
    let coloured = try Tracer.run(["walk", "--all", "--color", "always"])
    #expect(coloured.stdout.contains("colour scale"))
    let html = try Tracer.run(["walk", "--format", "html"])
    #expect(html.stdout.contains("colour scale"))
  }

  @Test func everyLayerAndHeadInOrder() throws {
    // The built-in model has 2 layers of 2 heads.
    let result = try Tracer.run([
      "walk", "--all", "--color", "never", "--layer", "all", "--head", "all",
    ])
    #expect(result.status == 0, "\(result.stderr)")
    let titles = CLITests.pageTitles(result.stdout)
    let scores = titles.filter { $0.contains("Attention scores") }
    #expect(
      scores.map { $0.drop { $0 != "(" } } == [
        "(layer 0, head 0)", "(layer 0, head 1)", "(layer 1, head 0)", "(layer 1, head 1)",
      ])
    let mlp = titles.filter { $0.contains("The MLP") }
    #expect(mlp.map { $0.drop { $0 != "(" } } == ["(layer 0)", "(layer 1)"])
    let prediction = titles.filter { $0.contains("prediction") }
    #expect(prediction.count == 1 && !prediction[0].contains("("))
    // Pages stay in script order: each copy directly follows the previous copy of its page.
    let numbers = titles.compactMap { $0.split(separator: "/").first.flatMap { Int($0) } }
    #expect(numbers == numbers.sorted())
    let plain = try Tracer.run(["walk", "--all", "--color", "never"])
    // Six pages depend on the layer only (2 copies each: LayerNorm, QKV, combine, MLP, layers,
    // permutation), eight on the head too (4 each: the five attention pages and the QK
    // circuit, OV circuit and value-basis pages).
    #expect(titles.count == CLITests.pageTitles(plain.stdout).count + 6 * (2 - 1) + 8 * (4 - 1))

    let headOnly = try Tracer.run(["walk", "--step", "6", "--head", "all", "--layer", "1"])
    #expect(
      CLITests.pageTitles(headOnly.stdout).map { $0.drop { $0 != "(" } } == [
        "(layer 1, head 0)", "(layer 1, head 1)",
      ])
    let html = try Tracer.run(["walk", "--format", "html", "--layer", "all", "--head", "all"])
    #expect(
      html.stdout.components(separatedBy: "<section class=\"page\"").count - 1 == titles.count)
    let bad = try Tracer.run(["walk", "--all", "--layer", "alll"])
    #expect(bad.status != 0)
  }
}
