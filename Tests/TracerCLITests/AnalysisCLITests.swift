import Foundation
import Testing

/// `circuits`, `lens` and `attribute` through the binary: they run, their JSON has the
/// documented keys, and bad layers, heads and tokens are one-line errors.
@Suite struct AnalysisCLITests {
  static func object(_ text: String) throws -> [String: Any] {
    try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] ?? [:]
  }

  @Test(arguments: ["circuits", "lens", "attribute"])
  func helpIsWrappedAndListsTheOptions(_ command: String) throws {
    let result = try Tracer.run([command, "--help"])
    #expect(result.status == 0)
    #expect(result.stdout.hasPrefix("USAGE: tracer \(command)"))
    #expect(result.stdout.contains("--model"))
    #expect(result.stdout.contains("--ablate") == (command != "circuits"))
    let prose = result.stdout.components(separatedBy: "EXAMPLES:")[0].split(separator: "\n")
      .dropFirst()
    #expect(prose.allSatisfy { $0.count <= 80 })
    #expect(try Tracer.run(["--help"]).stdout.contains("  \(command) "))
  }

  @Test func circuitsPrintsBothCircuitsOfRankDHead() throws {
    let text = try Tracer.run(["circuits", "--layer", "0", "--head", "1"])
    #expect(text.status == 0)
    #expect(text.stdout.contains("W_QK = W_Q,h · W_K,hᵀ / √d_head   [16 × 16]"))
    #expect(text.stdout.contains("W_OV = W_V,h · W_O,h   [16 × 16]"))
    #expect(text.stdout.contains("rank 8 (at most d_head = 8)"))
    let json = try Tracer.run(["circuits", "--layer", "1", "--head", "0", "--json"])
    #expect(json.status == 0)
    let object = try Self.object(json.stdout)
    for key in ["W_QK", "W_OV"] {
      let circuit = object[key] as? [String: Any] ?? [:]
      for field in [
        "shape", "rank", "singular_values", "frobenius_norm", "tolerance", "tolerance_rule",
        "largest",
      ] {
        #expect(circuit[field] != nil, "\(key).\(field)")
      }
      #expect(circuit["shape"] as? [Int] == [16, 16])
      #expect(circuit["rank"] as? Int == 8)
      let values = circuit["singular_values"] as? [Double] ?? []
      #expect(values.count == 16 && zip(values, values.dropFirst()).allSatisfy { $0 >= $1 })
      let largest = (circuit["largest"] as? [[String: Any]])?.first ?? [:]
      #expect(largest["row"] != nil && largest["column"] != nil && largest["value"] != nil)
    }
  }

  @Test func lensListsEveryLayerAndPosition() throws {
    let text = try Tracer.run(["lens"])
    #expect(text.status == 0)
    #expect(text.stdout.contains("pos  input"))
    #expect(text.stdout.contains("top 5 at the last position (3, \"bring\"):"))
    let json = try Tracer.run(["lens", "--json", "--model", "sort", "--prompt", "dbeca|"])
    #expect(json.status == 0, "\(json.stderr)")
    let object = try Self.object(json.stdout)
    let layers = object["layers"] as? [[String: Any]] ?? []
    #expect(
      layers.compactMap { $0["name"] as? String } == [
        "blocks.0.hook_resid_pre", "blocks.0.hook_resid_post", "blocks.1.hook_resid_post",
      ])
    for layer in layers {
      let positions = layer["positions"] as? [[[String: Any]]] ?? []
      #expect(positions.count == 6)
      for candidates in positions {
        #expect(candidates.count == 5)
        #expect(candidates.allSatisfy { $0["id"] != nil && $0["text"] != nil })
        #expect(candidates.allSatisfy { ($0["probability"] as? Double ?? -1) >= 0 })
      }
    }
  }

  @Test func lensOfTheLastLayerIsWhatPredictSays() throws {
    for extra in [[], ["--ablate", "L0H1"]] {
      let lens = try Self.object(try Tracer.run(["lens", "--json"] + extra).stdout)
      let predict = try Self.object(try Tracer.run(["predict", "--json"] + extra).stdout)
      let last = (lens["layers"] as? [[String: Any]])?.last?["positions"] as? [[[String: Any]]]
      let lensTop = last?.last?.first?["text"] as? String
      let predictTop = (predict["candidates"] as? [[String: Any]])?.first?["text"] as? String
      #expect(lensTop != nil && lensTop == predictTop)
    }
  }

  @Test func attributionAddsUpAndAnAblatedHeadIsZero() throws {
    let text = try Tracer.run(["attribute"])
    #expect(text.status == 0)
    #expect(text.stdout.contains("logit of \"prosperity\""))
    #expect(text.stdout.contains("sum of components = "))
    let json = try Tracer.run(["attribute", "--token", "food", "--ablate", "L0H1", "--json"])
    #expect(json.status == 0, "\(json.stderr)")
    let object = try Self.object(json.stdout)
    let logit = object["logit"] as? Double ?? .nan
    let components = object["components"] as? [[String: Any]] ?? []
    let names = components.compactMap { $0["name"] as? String }
    #expect(
      names == [
        "hook_embed", "hook_pos_embed", "L0H0", "L0H1", "L0.attn_bias", "L0.mlp", "L1H0", "L1H1",
        "L1.attn_bias", "L1.mlp", "ln_final.b",
      ])
    let sum = components.reduce(0.0) { $0 + ($1["contribution"] as? Double ?? .nan) }
    #expect(abs(sum - logit) < 1e-4 * max(1, abs(logit)))
    #expect(components.first { $0["name"] as? String == "L0H1" }?["contribution"] as? Double == 0)
    #expect((object["token"] as? [String: Any])?["text"] as? String == "food")
    #expect(object["interventions"] as? [String] == ["L0H1"])
  }

  @Test func badLayersHeadsAndTokensAreOneLineErrors() throws {
    let layer = try CLIErrorTests.failure(["circuits", "--layer", "2", "--head", "0"], status: 2)
    #expect(layer.contains("--layer 2 is out of range"))
    let head = try CLIErrorTests.failure(["circuits", "--layer", "0", "--head", "5"], status: 2)
    #expect(head.contains("--head 5 is out of range"))
    try CLIErrorTests.failure(["circuits", "--layer", "0"], status: 2)
    try CLIErrorTests.failure(["circuits", "--layer", "x", "--head", "0"], status: 2)
    try CLIErrorTests.failure(
      ["circuits", "--layer", "0", "--head", "0", "--ablate", "L0H0"], status: 2)
    let token = try CLIErrorTests.failure(["attribute", "--token", "zebra"], status: 2)
    #expect(token.contains("'zebra' is not in the model's vocabulary"))
    try CLIErrorTests.failure(["attribute", "--ablate", "L0H7"], status: 2)
    try CLIErrorTests.failure(["lens", "--ablate", "L5.mlp"], status: 2)
    try CLIErrorTests.failure(["lens", "--prompt", "the zebras"], status: 1)
  }

  @Test func attributeRefusesAPatchOfTheStreamItself() throws {
    let dir = try Tracer.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let source = dir.appendingPathComponent("b.json").path
    #expect(
      try Tracer.run(["trace", "--prompt", "a robot will bring", "--passes", "1", "-o", source])
        .status == 0)
    let line = try CLIErrorTests.failure(
      ["attribute", "--patch", "blocks.0.hook_resid_post", "--from", source], status: 2)
    #expect(line.contains("replaces the stream itself"))
    let patched = try Tracer.run(["attribute", "--patch", "L0H1", "--from", source, "--json"])
    #expect(patched.status == 0, "\(patched.stderr)")
    let lens = try Tracer.run(["lens", "--patch", "blocks.0.hook_resid_post", "--from", source])
    #expect(lens.status == 0, "\(lens.stderr)")
  }
}
