import Foundation
import Testing

/// `--ablate`, `--no-mask`, `--patch/--from` and `diff` through the binary.
@Suite struct InterventionCLITests {
  @Test func predictShowsCleanAndChangedSideBySide() throws {
    let result = try Tracer.run(["predict", "--ablate", "L0H1", "--ablate", "L1.mlp"])
    #expect(result.status == 0)
    #expect(result.stdout.contains("interventions: L0H1, L1.mlp"))
    #expect(result.stdout.contains("changed    clean   change"))
    let json = try Tracer.run(["predict", "--no-mask", "--json"])
    let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
    #expect(object?["clean_candidates"] != nil)
    #expect(object?["interventions"] as? [String] == ["no-mask"])
    let plain = try Tracer.run(["predict", "--json"])
    let plainObject =
      try JSONSerialization.jsonObject(with: Data(plain.stdout.utf8)) as? [String: Any]
    #expect(plainObject?["clean_candidates"] == nil)
  }

  @Test func badInterventionsAreOneLineErrors() throws {
    let unknown = try CLIErrorTests.failure(["predict", "--ablate", "L0.ffn"], status: 2)
    #expect(unknown.contains("L{layer}H{head}, L{layer}.attn, L{layer}.mlp or pos_embed"))
    let layer = try CLIErrorTests.failure(["trace", "--ablate", "L2H0", "-o", "/tmp/x"], status: 2)
    #expect(layer.contains("layer 2 is out of range"))
    let head = try CLIErrorTests.failure(["generate", "--ablate", "L0H9"], status: 2)
    #expect(head.contains("head 9 is out of range"))
    try CLIErrorTests.failure(["predict", "--patch", "blocks.0.hook_resid_post"], status: 2)
    try CLIErrorTests.failure(["predict", "--patch", "nonsense", "--from", "x.json"], status: 2)
  }

  @Test func patchingChecksItsSourceAndDiffFindsTheChange() throws {
    let dir = try Tracer.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    func path(_ name: String) -> String { dir.appendingPathComponent(name).path }
    #expect(
      try Tracer.run([
        "trace", "--prompt", "a robot will bring", "--passes", "1", "-o", path("b.json"),
      ]).status == 0)
    #expect(try Tracer.run(["trace", "--passes", "1", "-o", path("clean.json")]).status == 0)
    let patched = try Tracer.run([
      "trace", "--patch", "blocks.0.hook_resid_post", "--from", path("b.json"), "-o",
      path("patched.json"),
    ])
    #expect(patched.status == 0, "\(patched.stderr)")
    // Another token count, more passes, another model: refused with one line.
    let length = try CLIErrorTests.failure(
      ["predict", "--prompt", "the robots", "--patch", "L0H1", "--from", path("b.json")],
      status: 1)
    #expect(length.contains("4 tokens"))
    try CLIErrorTests.failure(
      [
        "trace", "--passes", "2", "--patch", "L0H1", "--from", path("b.json"), "-o", path("x.json"),
      ],
      status: 2)
    let model = try CLIErrorTests.failure(
      [
        "predict", "--model", "sort", "--prompt", "abcd", "--patch", "L0H0", "--from",
        path("b.json"),
      ],
      status: 1)
    #expect(model.contains("another model"))

    let same = try Tracer.run(["diff", path("clean.json"), path("clean.json")])
    #expect(same.status == 0)
    #expect(same.stdout.contains("identical"))
    let diff = try Tracer.run(["diff", path("clean.json"), path("patched.json")])
    #expect(diff.status == 1)
    #expect(diff.stdout.contains("first difference: blocks.0.hook_resid_post (pass 0)"))
    let json = try Tracer.run(["diff", path("clean.json"), path("patched.json"), "--json"])
    let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
    #expect(
      (object?["first_difference"] as? [String: Any])?["name"] as? String
        == "blocks.0.hook_resid_post")
  }
}
