import Testing

@testable import TinyGPT

private let config = ModelConfig(nLayers: 1, dModel: 4, nHeads: 2, dMLP: 8, nCtx: 4, dVocab: 5)

private func jsonText(_ model: Model) throws -> String {
  String(decoding: try WeightsFile.encode(model, format: .json), as: UTF8.self)
}

private func decodeJSON(_ text: String) -> String? {
  errorText { try WeightsFile.decode(Array(text.utf8), format: .json) }
}

@Test func jsonWeightsErrorsNameTheProblem() throws {
  let text = try jsonText(makeTestModel(config))
  // Missing tensor: drop the line of transformer.h.0.mlp.c_fc.bias.
  let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
  let dropped = lines.filter { !$0.contains("\"transformer.h.0.mlp.c_fc.bias\"") }
    .joined(separator: "\n")
  #expect(decodeJSON(dropped) == "missing tensor transformer.h.0.mlp.c_fc.bias")
  // Wrong shape (consistent data count, wrong dims).
  let reshaped = text.replacingOccurrences(
    of: "\"transformer.h.0.attn.c_proj.weight\": {\"shape\": [4, 4]",
    with: "\"transformer.h.0.attn.c_proj.weight\": {\"shape\": [2, 8]")
  #expect(
    decodeJSON(reshaped)?.contains("transformer.h.0.attn.c_proj.weight has shape [2, 8]") == true)
  // Data length disagreeing with the shape.
  let short = text.replacingOccurrences(
    of: "\"transformer.h.0.attn.c_proj.bias\": {\"shape\": [4]",
    with: "\"transformer.h.0.attn.c_proj.bias\": {\"shape\": [5]")
  #expect(decodeJSON(short)?.contains("transformer.h.0.attn.c_proj.bias has 4 values") == true)
  // Infinity (a number too big for Float).
  let first = try #require(
    text.range(of: "\"transformer.ln_f.bias\": {\"shape\": [4], \"data\": ["))
  let comma = try #require(text[first.upperBound...].firstIndex(of: ","))
  var huge = text
  huge.replaceSubrange(first.upperBound..<comma, with: "1e39")
  #expect(decodeJSON(huge) == "tensor transformer.ln_f.bias has a NaN or infinite value at index 0")
  // Bad JSON at a byte offset.
  var broken = Array(text.utf8)
  let at = broken.count / 2
  broken[at] = UInt8(ascii: "}")
  let message = errorText { try WeightsFile.decode(broken, format: .json) }
  #expect(message?.contains("malformed JSON at byte") == true)
  // Truncated.
  #expect(decodeJSON(String(text.prefix(text.count - 10)))?.contains("ends early") == true)
  // Bad config: missing field, invalid value.
  #expect(
    decodeJSON(text.replacingOccurrences(of: "\"d_mlp\":8,", with: ""))
      == "weights file: config.d_mlp is missing")
  #expect(
    decodeJSON(text.replacingOccurrences(of: "\"n_heads\":2", with: "\"n_heads\":3"))?
      .contains("n_heads") == true)
  // Vocabulary size.
  #expect(
    decodeJSON(text.replacingOccurrences(of: ", \"tok4\"]", with: "]"))
      == "the tokenizer has 4 tokens but the config says d_vocab = 5")
  // Format and version.
  #expect(
    decodeJSON(text.replacingOccurrences(of: "\"version\": 1", with: "\"version\": 7"))?
      .contains("version 7 is not supported") == true)
  #expect(
    decodeJSON(text.replacingOccurrences(of: "tracer-weights", with: "tracer-trace"))?
      .contains("not a weights file") == true)
}

@Test func jsonWeightsRefuseNonFiniteOnWrite() {
  var model = makeTestModel(config)
  model.parameters.blocks[0].fcBias[3] = .nan
  #expect(
    errorText { try WeightsFile.encode(model, format: .json) }
      == "tensor transformer.h.0.mlp.c_fc.bias has a NaN or infinite value at index 3")
}

/// Rewrites a safetensors file's header with `edit` and re-pads it.
private func editHeader(_ bytes: [UInt8], _ edit: (String) -> String) -> [UInt8] {
  var n = 0
  for i in (0..<8).reversed() { n = n << 8 | Int(bytes[i]) }
  var header = Array(edit(String(decoding: bytes[8..<(8 + n)], as: UTF8.self)).utf8)
  while header.count % 8 != 0 { header.append(32) }
  var out: [UInt8] = (0..<8).map { UInt8(truncatingIfNeeded: header.count >> (8 * $0)) }
  out += header
  out += bytes[(8 + n)...]
  return out
}

@Test func safetensorsErrorsNameTheProblem() throws {
  let model = makeTestModel(config)
  let bytes = try WeightsFile.encode(model, format: .safetensors)
  func decode(_ b: [UInt8]) -> String? {
    errorText { try WeightsFile.decode(b, format: .safetensors) }
  }
  #expect(decode(Array(bytes[0..<5]))?.contains("fewer than the 8-byte header length") == true)
  var badLength = bytes
  badLength[7] = 1
  #expect(decode(badLength)?.contains("runs past the end of the file") == true)
  #expect(decode(Array(bytes.dropLast(4)))?.contains("lm_head") == false)
  #expect(decode(Array(bytes.dropLast(4)))?.contains("(truncated?)") == true)
  let f16 = editHeader(bytes) {
    $0.replacingOccurrences(
      of: "\"transformer.h.0.attn.c_attn.bias\": {\"dtype\": \"F32\"",
      with: "\"transformer.h.0.attn.c_attn.bias\": {\"dtype\": \"I32\"")
  }
  #expect(
    decode(f16)
      == "tensor transformer.h.0.attn.c_attn.bias has dtype I32; only F32 is supported (convert it to float32)"
  )
  // A 2-byte dtype over 4-byte offsets is caught by the header check, before any allocation.
  let bf16 = editHeader(bytes) {
    $0.replacingOccurrences(
      of: "\"transformer.h.0.attn.c_attn.bias\": {\"dtype\": \"F32\"",
      with: "\"transformer.h.0.attn.c_attn.bias\": {\"dtype\": \"BF16\"")
  }
  #expect(
    decode(bf16)?.hasPrefix("tensor transformer.h.0.attn.c_attn.bias has bad data_offsets") == true)
  let shifted = editHeader(bytes) {
    $0.replacingOccurrences(
      of:
        "\"transformer.wte.weight\": {\"dtype\": \"F32\", \"shape\": [5, 4], \"data_offsets\": [0, 80]",
      with:
        "\"transformer.wte.weight\": {\"dtype\": \"F32\", \"shape\": [5, 4], \"data_offsets\": [0, 84]"
    )
  }
  #expect(decode(shifted)?.hasPrefix("tensor transformer.wte.weight has bad data_offsets") == true)
  let garbage = editHeader(bytes) { "{\"__metadata__\": {\"config\": 3}" + $0.dropFirst(20) }
  // 8 length bytes + `{"__metadata__": {"config": ` puts the 3 at file byte 36.
  #expect(decode(garbage) == "weights file: malformed JSON at byte 36: expected a string")
  let noConfig = editHeader(bytes) { $0.replacingOccurrences(of: "\"config\"", with: "\"konfig\"") }
  #expect(decode(noConfig)?.contains("__metadata__.config is missing") == true)
  var reserved = model
  reserved.metadata["config"] = "x"
  #expect(
    errorText { try WeightsFile.encode(reserved, format: .safetensors) }?.contains("reserved")
      == true)
}

@Test func weightsNeverCrashOnTruncation() throws {
  let model = makeTestModel(config)
  for format in WeightsFormat.allCases {
    let bytes = try WeightsFile.encode(model, format: format)
    for cut in stride(from: 0, to: bytes.count, by: max(1, bytes.count / 300)) {
      #expect(errorText { try WeightsFile.decode(Array(bytes[0..<cut]), format: format) } != nil)
    }
  }
}
