import Foundation
import TensorFiles
import Testing
import TinyGPT

@testable import TraceKit

@Test func traceRoundTripIsBitExact() throws {
  for config in [
    ModelConfig(nLayers: 2, dModel: 8, nHeads: 2, dMLP: 16, nCtx: 8, dVocab: 10),
    ModelConfig(
      nLayers: 1, dModel: 4, nHeads: 1, dMLP: 4, nCtx: 8, dVocab: 5, normalizationType: nil,
      positionalEmbeddingType: .none),
  ] {
    let trace = makeTestTrace(config: config)
    let bytes = try TraceFile.encode(trace)
    let back = try TraceFile.decode(bytes)
    #expect(bitIdentical(trace, back))
    #expect(try TraceFile.encode(back) == bytes, "determinism")
    let scores = try #require(back.passes[0].activation(ActivationName(.attnScores, layer: 0)))
    #expect(scores.data[1] == -.infinity)
  }
  let text = String(decoding: try TraceFile.encode(makeTestTrace()), as: UTF8.self)
  #expect(text.contains("null"))
  #expect(
    text.contains(
      "\"sampling\": {\"temperature\": 0.8, \"top_k\": 5, \"top_p\": null, \"seed\": 7}"))
  #expect(text.contains("\"text\": \"\\\"quoted\\\"\""))
  #expect(text.contains("\"ctl\\u0001x\""))
  #expect(text.contains("\"toy\\t\\\"model\\\"\""))
  #expect(text.contains("naïve 😀\\nprompt"))
}

@Test func streamingOutputEqualsInMemoryOutput() throws {
  let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tf-\(getpid())").path
  try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
  defer { try? FileManager.default.removeItem(atPath: dir) }
  let trace = makeTestTrace(positions: 6, passes: 3)
  let expected = try TraceFile.encode(trace)
  for size in [64, 1000, 4096, 1 << 20] {
    let path = "\(dir)/t\(size).json"
    try TraceFile.write(trace, to: .file(path: path, replacing: false), bufferSize: size)
    #expect(try FileBytes.read(contentsOf: path) == expected, "buffer \(size)")
    #expect(bitIdentical(try TraceFile.read(contentsOf: path), trace))
  }
  try TraceFile.write(trace, to: "\(dir)/public.json")
  #expect(try FileBytes.read(contentsOf: "\(dir)/public.json") == expected)
  let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir).filter {
    $0.contains(".tmp")
  }
  #expect(leftovers.isEmpty)
}

@Test func traceWriteRefusesNaNAndPositiveInfinity() {
  var trace = makeTestTrace()
  trace.passes[1].activations[2].data[5] = .nan
  #expect(errorText { try TraceFile.encode(trace) }?.contains("passes[1].activations[2]") == true)
  trace = makeTestTrace()
  trace.passes[0].activations[0].data[3] = .infinity
  #expect(errorText { try TraceFile.encode(trace) }?.contains("index 3") == true)
}
