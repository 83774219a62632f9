import TensorFiles
import TinyGPT

// Traces as safetensors: every activation an F32 tensor named `passes.{i}.{hook name}`, every
// carried weight `parameters.{GPT-2 name}`, and the rest of the trace (the JSON form without
// the numbers) in the metadata under `tracer_trace`, with `"format": "pt"` so that Python's
// `safetensors` and PyTorch open it. See Docs/trace-format.md.

extension TraceFile {
  /// The metadata key holding the trace's JSON skeleton.
  static let skeletonKey = "tracer_trace"

  /// The tensor holding activation `name` of pass `pass`.
  public static func tensorName(pass: Int, activation name: String) -> String {
    "passes.\(pass).\(name)"
  }

  /// The tensor holding the weight `name`.
  public static func tensorName(parameter name: String) -> String { "parameters.\(name)" }

  /// Every tensor of the file, in order: the passes' activations, then the weights.
  static func tensors(of trace: Trace) -> [(name: String, shape: [Int], data: [Float])] {
    var list: [(String, [Int], [Float])] = []
    for (p, pass) in trace.passes.enumerated() {
      for a in pass.activations { list.append((tensorName(pass: p, activation: a.name), a.shape, a.data)) }
    }
    for w in trace.parameters {
      list.append((tensorName(parameter: w.name), w.tensor.shape, w.tensor.data))
    }
    return list
  }

  /// The 8-byte length and the JSON header (padded with spaces to a multiple of 8).
  static func safetensorsHeader(_ trace: Trace) -> [UInt8] {
    var skeleton = JSONWriter()
    write(trace, into: &skeleton, inlineData: false)
    var w = JSONWriter()
    w.raw("{\"__metadata__\": {\"format\": \"pt\", ")
    w.key(skeletonKey)
    w.string(String(decoding: skeleton.bytes, as: UTF8.self))
    w.raw("}")
    var offset = 0
    for tensor in tensors(of: trace) {
      let size = tensor.data.count * MemoryLayout<Float>.size
      w.raw(", ")
      w.key(tensor.name)
      w.raw("{\"dtype\": \"F32\", \"shape\": ")
      w.ints(tensor.shape)
      w.raw(", \"data_offsets\": ")
      w.ints([offset, offset + size])
      w.raw("}")
      offset += size
    }
    w.raw("}")
    var header = w.bytes
    while header.count % 8 != 0 { header.append(UInt8(ascii: " ")) }
    var out: [UInt8] = []
    withUnsafeBytes(of: UInt64(header.count).littleEndian) { out.append(contentsOf: $0) }
    return out + header
  }

  /// Writes the trace as safetensors, atomically, streaming each tensor's bytes.
  static func writeSafetensors(_ trace: Trace, to target: OutputTarget) throws {
    try validate(trace)
    let file = try AtomicFileWriter(target)
    try file.write(safetensorsHeader(trace))
    for tensor in tensors(of: trace) {
      #if _endian(little)
        try tensor.data.withUnsafeBytes { raw in try file.write(raw) }
      #else
        try file.write(tensor.data.flatMap { v in withUnsafeBytes(of: v.bitPattern.littleEndian, Array.init) })
      #endif
    }
    try file.commit()
  }

  /// The whole safetensors file in memory (what `writeSafetensors` writes).
  public static func encodeSafetensors(_ trace: Trace) throws -> [UInt8] {
    try validate(trace)
    var out = safetensorsHeader(trace)
    for tensor in tensors(of: trace) {
      #if _endian(little)
        tensor.data.withUnsafeBytes { out.append(contentsOf: $0) }
      #else
        for v in tensor.data { withUnsafeBytes(of: v.bitPattern.littleEndian) { out.append(contentsOf: $0) } }
      #endif
    }
    return out
  }
}
