import Testing
import TinyGPT

@testable import TraceKit

private func decode(_ text: String) -> String? {
  errorText { try TraceFile.decode(Array(text.utf8)) }
}

private let small = makeTestTrace(
  config: ModelConfig(nLayers: 1, dModel: 4, nHeads: 2, dMLP: 4, nCtx: 8, dVocab: 10),
  positions: 2, passes: 1)

@Test func malformedTracesGiveClearErrors() throws {
  let text = String(decoding: try TraceFile.encode(small), as: UTF8.self)
  #expect(decode("hello") == "trace file: malformed JSON at byte 0: expected '{'")
  #expect(
    decode(text.replacingOccurrences(of: "tracer-trace", with: "tracer-weights"))
      == "not a trace file: format is 'transformer-tracer-weights', expected 'transformer-tracer-trace'"
  )
  #expect(
    decode(text.replacingOccurrences(of: "\"version\": 2", with: "\"version\": 3"))
      == "trace version 3 is not supported (this build reads versions 1 to 2)")
  #expect(
    decode(text.replacingOccurrences(of: "\"prompt\":", with: "\"prompt_\":"))
      == "trace file: field prompt is missing")
  // The fourth activation (index 3) loses its shape.
  var count = 0
  var edited = ""
  for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
    var line = String(line)
    if line.contains("{\"name\": ") && line.contains("\"axes\"") {
      if count == 3 { line = line.replacingOccurrences(of: "\"shape\":", with: "\"shape_\":") }
      count += 1
    }
    edited += line + "\n"
  }
  #expect(
    decode(String(edited.dropLast()))
      == "trace file: field passes[0].activations[3].shape is missing")
  #expect(
    decode(
      text.replacingOccurrences(
        of: "\"shape\": [2, 4], \"data\": [-0.0, ", with: "\"shape\": [2, 4], \"data\": ["))
      == "trace file: activation hook_embed (passes[0].activations[0]) has 7 values but shape [2, 4] needs 8"
  )
  #expect(
    decode(
      text.replacingOccurrences(
        of: "\"axes\": [\"pos\", \"d_model\"], \"shape\": [2, 4], \"data\": [-0.0",
        with: "\"axes\": [\"pos\"], \"shape\": [2, 4], \"data\": [-0.0"))?
      .contains("activation hook_embed (passes[0].activations[0]) has 1 axes") == true)
  #expect(
    decode(text.replacingOccurrences(of: "\"chosen\": {\"id\": 1", with: "\"chosen\": {\"id\": 10"))
      == "trace file: passes[0].chosen token id 10 is outside the vocabulary (size 10)")
  #expect(
    decode(text.replacingOccurrences(of: "\"n_heads\":2", with: "\"n_heads\":3"))
      == "trace file: config.n_heads must divide d_model (4), got 3")
  #expect(decode(text + "x")?.contains("expected the end of the file") == true)
}

@Test func truncatedTracesAlwaysThrow() throws {
  let bytes = try TraceFile.encode(small)
  var failures = 0
  // Every prefix short of the closing brace (the file ends with "}\n").
  #expect(bytes.suffix(2) == [UInt8(ascii: "}"), 0x0A])
  for cut in 0..<(bytes.count - 1) {
    let message = errorText { try TraceFile.decode(Array(bytes[0..<cut])) }
    if message == nil { failures += 1 }
  }
  #expect(failures == 0)
  // Cutting inside the data says the file is truncated.
  let mid = bytes.count / 2
  #expect(errorText { try TraceFile.decode(Array(bytes[0..<mid])) }?.contains("ends early") == true)
}

@Test func corruptedTracesNeverCrash() throws {
  let bytes = try TraceFile.encode(small)
  var rng = RandomSource(seed: 3)
  let junk: [UInt8] = Array("{}[],:\"\\-.0123456789enull \u{7F}".utf8) + [0, 0xC3, 0xFF]
  for _ in 0..<3000 {
    var copy = bytes
    let at = Int(rng.next() % UInt64(copy.count))
    copy[at] = junk[Int(rng.next() % UInt64(junk.count))]
    _ = errorText { try TraceFile.decode(copy) }
  }
}
