import TensorFiles
import TinyGPT

// Traces as safetensors: every activation an F32 tensor named `passes.{i}.{hook name}` (the
// permutation run's `permutation.{0,1}.{hook name}`), every
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

  /// The tensor holding activation `name` of pass `pass` (0 original, 1 permuted) of the
  /// permutation run.
  public static func tensorName(permutationPass pass: Int, activation name: String) -> String {
    "permutation.\(pass).\(name)"
  }

  /// The tensor holding the weight `name`.
  public static func tensorName(parameter name: String) -> String { "parameters.\(name)" }

  /// Every tensor of the file, in order: the passes' activations, the permutation run's, then
  /// the weights.
  static func tensors(of trace: Trace) -> [(name: String, shape: [Int], data: [Float])] {
    var list: [(String, [Int], [Float])] = []
    for (p, pass) in trace.passes.enumerated() {
      for a in pass.activations {
        list.append((tensorName(pass: p, activation: a.name), a.shape, a.data))
      }
    }
    for (p, pass) in (trace.permutation?.passes ?? []).enumerated() {
      for a in pass.activations {
        list.append((tensorName(permutationPass: p, activation: a.name), a.shape, a.data))
      }
    }
    for w in trace.parameters {
      list.append((tensorName(parameter: w.name), w.tensor.shape, w.tensor.data))
    }
    return list
  }

  /// The 8-byte length and the JSON header: the tensors, and the trace's JSON skeleton in the
  /// metadata.
  static func safetensorsHeader(_ trace: Trace) -> [UInt8] {
    var skeleton = JSONWriter()
    write(trace, into: &skeleton, inlineData: false)
    return SafetensorsHeader.encode(
      metadata: ["format": "pt", skeletonKey: String(decoding: skeleton.bytes, as: UTF8.self)],
      tensors: tensors(of: trace).map {
        ($0.name, "F32", $0.shape, $0.data.count * MemoryLayout<Float>.size)
      })
  }

  /// Writes the trace as safetensors, atomically, streaming each tensor's bytes.
  static func writeSafetensors(_ trace: Trace, to target: OutputTarget) throws {
    try validate(trace)
    let file = try AtomicFileWriter(target)
    try file.write(safetensorsHeader(trace))
    for tensor in tensors(of: trace) { try file.write(littleEndianBytes(tensor.data)) }
    try file.commit()
  }

  /// The whole safetensors file in memory (what `writeSafetensors` writes).
  public static func encodeSafetensors(_ trace: Trace) throws -> [UInt8] {
    try validate(trace)
    return tensors(of: trace).reduce(into: safetensorsHeader(trace)) {
      $0 += littleEndianBytes($1.data)
    }
  }

  /// The floats' bytes, little-endian.
  static func littleEndianBytes(_ values: [Float]) -> [UInt8] {
    var out: [UInt8] = []
    out.reserveCapacity(values.count * 4)
    for v in values {
      withUnsafeBytes(of: v.bitPattern.littleEndian) { out.append(contentsOf: $0) }
    }
    return out
  }

  /// Whether `bytes` look like a safetensors file rather than JSON (which starts with `{`).
  static func isSafetensors(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    guard let first = bytes.first(where: { ![9, 10, 13, 32].contains($0) }) else { return false }
    return first != UInt8(ascii: "{") && bytes.count >= 8
  }

  /// Reads a safetensors trace: the skeleton from the metadata, each activation and weight
  /// from its tensor (checked against the skeleton's shape), then the usual validation.
  static func decodeSafetensors(_ bytes: UnsafeBufferPointer<UInt8>) throws -> Trace {
    let header: SafetensorsHeader
    do {
      header = try SafetensorsHeader(bytes)
    } catch {
      throw TraceError.badField(path: "safetensors", problem: error.description)
    }
    guard let skeleton = header.metadata[skeletonKey] else {
      throw TraceError.missingField(path: "__metadata__.\(skeletonKey) (not a tracer trace?)")
    }
    let tensor: (String, [Int]) throws -> [Float] = { name, shape in
      guard let entry = header.entries[name] else {
        throw TraceError.missingField(path: "tensor \(excerpt(name))")
      }
      guard entry.dtype == "F32", entry.shape == shape,
        let values = header.floats(entry, in: bytes)
      else {
        throw TraceError.badField(
          path: "tensor \(excerpt(name))",
          problem: "is \(entry.dtype) \(entry.shape), the trace says F32 \(shape)")
      }
      return values
    }
    return try Array(skeleton.utf8).withUnsafeBufferPointer { json in
      var reader = TraceReader(scanner: JSONScanner(json), tensors: tensor)
      return try reader.readTrace()
    }
  }
}
