import Foundation
import Testing

@testable import TinyGPT

@Suite struct HuggingFaceExportTests {
  static func folder() throws -> String {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent(
      "export-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    return dir.path
  }

  /// The JSON header of a safetensors file, read by hand.
  static func header(_ path: String) throws -> [String: Any] {
    let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
    var n = 0
    for i in (0..<8).reversed() { n = n << 8 | Int(bytes[i]) }
    return try #require(
      JSONSerialization.jsonObject(with: Data(bytes[8..<(8 + n)])) as? [String: Any])
  }

  @Test(arguments: [true, false])
  func bpeModelsRoundTripThroughAHubFolder(tied: Bool) throws {
    let model = try HuggingFaceFolderTests.model(tied: tied)
    let dir = try Self.folder()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    try HuggingFaceFolder.write(model, to: dir)
    let names = try FileManager.default.contentsOfDirectory(atPath: dir).sorted()
    #expect(
      names == [
        "config.json", "merges.txt", "model.safetensors", "tokenizer_config.json", "vocab.json",
      ])
    let header = try Self.header(dir + "/model.safetensors")
    #expect(header["__metadata__"] as? [String: String] == ["format": "pt"])
    #expect(header["transformer.h.1.mlp.c_proj.weight"] != nil)
    #expect((header["lm_head.weight"] != nil) == !tied)
    let config = try #require(
      JSONSerialization.jsonObject(
        with: Data(contentsOf: URL(fileURLWithPath: dir + "/config.json")))
        as? [String: Any])
    #expect(config["model_type"] as? String == "gpt2")
    #expect(config["architectures"] as? [String] == ["GPT2LMHeadModel"])
    #expect(config["n_embd"] as? Int == 8 && config["n_inner"] as? Int == 32)
    #expect(config["vocab_size"] as? Int == 580 && config["tie_word_embeddings"] as? Bool == tied)
    #expect(config["eos_token_id"] as? Int == 576)
    let back = try HuggingFaceFolder.read(directory: dir)
    #expect(back.parameters == model.parameters)
    #expect(back.config == model.config)
    #expect(try back.tokenizer.encode("It's 漢字!") == model.tokenizer.encode("It's 漢字!"))
    let merges = try String(contentsOfFile: dir + "/merges.txt", encoding: .utf8)
    #expect(merges == (try String(contentsOfFile: BPEFixture.path("merges.txt"), encoding: .utf8)))
  }

  @Test func wordAndCharModelsGetAWordLevelTokenizerThatReadsBack() throws {
    for kind in [TokenizerKind.word, .char] {
      var model = testModel()
      model.tokenizer = Tokenizer(kind: kind, vocabulary: (0..<10).map { "w\($0)" })
      let dir = try Self.folder()
      defer { try? FileManager.default.removeItem(atPath: dir) }
      try HuggingFaceFolder.write(model, to: dir)
      let json = try String(contentsOfFile: dir + "/tokenizer.json", encoding: .utf8)
      #expect(
        json.contains("\"model\": {\"type\": \"WordLevel\", \"vocab\": {\"w0\": 0, \"w1\": 1"))
      let back = try HuggingFaceFolder.read(directory: dir)
      #expect(back.tokenizer == model.tokenizer && back.parameters == model.parameters)
    }
  }

  @Test func modelsGPT2CannotExpressAreRefusedWithTheReason() throws {
    let dir = try Self.folder()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let cases: [(Model, String)] = [
      (testModel(positional: .sinusoidal), "sinusoidal positions"),
      (testModel(positional: .none), "no positional embedding"),
      (testModel(normalization: nil), "no LayerNorms"),
    ]
    for (model, reason) in cases {
      let message = errorText { try HuggingFaceFolder.write(model, to: dir) } ?? ""
      #expect(message.contains(reason), "\(message)")
    }
    #expect(try FileManager.default.contentsOfDirectory(atPath: dir).isEmpty)
    #expect(HuggingFaceFolder.exportProblem(testModel(actFn: .relu)) == nil)
  }
}
