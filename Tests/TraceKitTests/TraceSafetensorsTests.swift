import Foundation
import TensorFiles
import Testing
import TinyGPT

@testable import TraceKit

/// Traces as safetensors: the same trace back, bit for bit, and a file other tools can read.
@Suite struct TraceSafetensorsTests {
  @Test func aTraceRoundTripsBitExact() throws {
    var trace = makeTestTrace(passes: 2)
    trace.parameters = [
      NamedTensor(
        name: "transformer.wte.weight",
        tensor: Tensor(shape: [10, 8], data: (0..<80).map { $0 == 1 ? -0.0 : Float($0) * 0.37 }))
    ]
    let bytes = try TraceFile.encodeSafetensors(trace)
    let back = try TraceFile.decode(bytes)
    #expect(bitIdentical(back, trace))
    #expect(back.parameters == trace.parameters)
  }

  @Test func theLayoutIsPlainSafetensors() throws {
    let trace = makeTestTrace(passes: 1)
    let bytes = try TraceFile.encodeSafetensors(trace)
    // Read independently: 8-byte little-endian length, JSON header, then the data.
    let length = (0..<8).reduce(0) { $0 | Int(bytes[$1]) << (8 * $1) }
    #expect(length % 8 == 0)
    let header =
      try JSONSerialization.jsonObject(with: Data(bytes[8..<(8 + length)])) as? [String: Any]
    let metadata = header?["__metadata__"] as? [String: String]
    #expect(metadata?["format"] == "pt")
    #expect(metadata?["tracer_trace"]?.contains("\"transformer-tracer-trace\"") == true)
    let activation = trace.passes[0].activations[3]
    let entry = header?["passes.0.\(activation.name)"] as? [String: Any]
    #expect(entry?["dtype"] as? String == "F32")
    #expect(entry?["shape"] as? [Int] == activation.shape)
    let offsets = entry?["data_offsets"] as? [Int] ?? [0, 0]
    let start = 8 + length + offsets[0]
    let values = (0..<activation.data.count).map { i in
      Float(
        bitPattern: (0..<4).reduce(UInt32(0)) { $0 | UInt32(bytes[start + 4 * i + $1]) << (8 * $1) }
      )
    }
    #expect(values.map(\.bitPattern) == activation.data.map(\.bitPattern))
    #expect(offsets[1] - offsets[0] == activation.data.count * 4)
  }

  @Test func aDamagedFileIsAClearError() throws {
    let bytes = try TraceFile.encodeSafetensors(makeTestTrace(passes: 1))
    #expect(
      errorText { try TraceFile.decode(Array(bytes.prefix(bytes.count - 4))) }?.contains(
        "truncated") == true)
    // The tensor of hook_embed renamed in the header: the trace's skeleton misses it.
    let key = Array("\"passes.0.hook_embed\"".utf8)
    var renamed = bytes
    let at = try #require(
      (0..<(bytes.count - key.count)).first { Array(bytes[$0..<($0 + key.count)]) == key })
    renamed[at + key.count - 2] = UInt8(ascii: "x")
    #expect(errorText { try TraceFile.decode(renamed) }?.contains("passes.0.hook_embed") == true)
  }
}
