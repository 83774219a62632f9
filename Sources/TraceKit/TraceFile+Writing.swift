import TensorFiles
import TinyGPT

extension TraceFile {
  /// Refuses values JSON cannot hold: NaN and +infinity anywhere, non-finite settings.
  static func validate(_ trace: Trace) throws(TraceError) {
    func check(_ value: Float, _ path: String, index: Int = 0) throws(TraceError) {
      if !value.isFinite { throw .unwritableValue(path: path, index: index, value: value) }
    }
    try check(trace.sampling.temperature, "sampling.temperature")
    if let topP = trace.sampling.topP { try check(topP, "sampling.top_p") }
    let permutation = (trace.permutation?.passes ?? []).enumerated().map {
      ("permutation.passes[\($0.offset)]", $0.element)
    }
    let passes = trace.passes.enumerated().map { ("passes[\($0.offset)]", $0.element) }
    for (at, pass) in passes + permutation {
      for (a, activation) in pass.activations.enumerated() {
        // -infinity is fine (written as null); NaN and +infinity are not.
        if let bad = firstUnwritable(activation.data) {
          throw .unwritableValue(
            path: "\(at).activations[\(a)] (\(activation.name))", index: bad,
            value: activation.data[bad])
        }
      }
      for (c, candidate) in pass.candidates.enumerated() {
        try check(candidate.probability, "\(at).candidates[\(c)].probability")
      }
    }
    for parameter in trace.parameters {
      if let bad = parameter.tensor.data.firstIndex(where: { !$0.isFinite }) {
        throw .unwritableValue(
          path: "parameters.\(parameter.name)", index: bad, value: parameter.tensor.data[bad])
      }
    }
  }

  /// The index of the first NaN or +infinity in `data` (-infinity is allowed), if any.
  ///
  /// A branch-free pass over the bits first (the compiler vectorises it), so that the common
  /// case, nothing to find, reads the values at memory speed.
  static func firstUnwritable(_ data: [Float]) -> Int? {
    let found = data.withUnsafeBufferPointer { buffer in
      buffer.withMemoryRebound(to: UInt32.self) { bits in
        var flags: UInt32 = 0
        for b in bits {
          // The top bit is set for infinities and NaN (all exponent bits set); -infinity
          // (0xFF80_0000) is left out.
          let special = (b & 0x7FFF_FFFF) &+ 0x0080_0000
          flags |= b == 0xFF80_0000 ? 0 : special
        }
        return flags >> 31 != 0
      }
    }
    guard found else { return nil }
    return data.firstIndex { $0.isNaN || $0 == .infinity }
  }

  /// Writes the whole document; the trace has been validated.
  /// With `inlineData` false, activations and weights are written without their `data` (the
  /// skeleton a safetensors trace keeps in its metadata, the numbers being tensors).
  static func write(_ trace: Trace, into w: inout JSONWriter, inlineData: Bool = true) {
    w.raw("{\n  \"format\": ")
    w.string(Trace.formatName)
    w.raw(",\n  \"version\": ")
    w.int(Trace.currentVersion)
    w.raw(",\n  \"model\": {\"name\": ")
    w.string(trace.modelName)
    w.raw(", \"weights_sha256\": ")
    w.string(trace.weightsSHA256)
    w.raw("},\n  \"config\": ")
    w.raw(bytes: trace.config.jsonBytes())
    w.raw(",\n  \"tokenizer\": ")
    trace.tokenizer.writeJSON(to: &w)
    w.raw(",\n  \"prompt\": ")
    w.string(trace.prompt)
    w.raw(",\n  \"sampling\": {\"temperature\": ")
    w.float(trace.sampling.temperature)
    w.raw(", \"top_k\": ")
    if let topK = trace.sampling.topK { w.int(topK) } else { w.raw("null") }
    w.raw(", \"top_p\": ")
    if let topP = trace.sampling.topP { w.float(topP) } else { w.raw("null") }
    w.raw(", \"seed\": ")
    w.int(trace.sampling.seed)
    w.raw("},\n  \"interventions\": ")
    writeInterventions(trace.interventions, into: &w)
    w.raw(",\n")
    if !trace.parameters.isEmpty {
      w.raw("  \"parameters\": {")
      for (i, parameter) in trace.parameters.enumerated() {
        w.raw(i == 0 ? "\n    " : ",\n    ")
        w.string(parameter.name)
        w.raw(": {\"shape\": ")
        w.ints(parameter.tensor.shape)
        if inlineData {
          w.raw(", \"data\": ")
          w.floats(parameter.tensor.data, negativeInfinityAsNull: false)
        }
        w.raw("}")
      }
      w.raw("\n  },\n")
    }
    if let permutation = trace.permutation {
      w.raw("  \"permutation\": {\"order\": ")
      w.ints(permutation.order)
      w.raw(", \"interventions\": ")
      writeInterventions(permutation.interventions, into: &w)
      w.raw(", \"passes\": [")
      for (p, pass) in permutation.passes.enumerated() {
        w.raw(p == 0 ? "\n    " : ",\n    ")
        writePass(pass, into: &w, inlineData: inlineData)
      }
      w.raw("\n  ]},\n")
    }
    w.raw("  \"passes\": [")
    for (p, pass) in trace.passes.enumerated() {
      w.raw(p == 0 ? "\n    " : ",\n    ")
      writePass(pass, into: &w, inlineData: inlineData)
    }
    w.raw(trace.passes.isEmpty ? "]\n}\n" : "\n  ]\n}\n")
  }

  /// One pass object, from its `{` to its `}` (indented as an element of `passes`).
  private static func writePass(_ pass: Pass, into w: inout JSONWriter, inlineData: Bool) {
    w.raw("{\n      \"tokens\": [")
    for (i, token) in pass.tokens.enumerated() {
      if i > 0 { w.raw(", ") }
      writeToken(token.id, token.text, into: &w)
    }
    w.raw("],\n      \"cropped_tokens\": ")
    w.int(pass.croppedTokenCount)
    w.raw(",\n      \"activations\": [")
    for (a, activation) in pass.activations.enumerated() {
      w.raw(a == 0 ? "\n        {\"name\": " : ",\n        {\"name\": ")
      w.string(activation.name)
      w.raw(", \"axes\": ")
      w.strings(activation.axes)
      w.raw(", \"shape\": ")
      w.ints(activation.shape)
      if inlineData {
        w.raw(", \"data\": ")
        w.floats(activation.data, negativeInfinityAsNull: true)
      }
      w.raw("}")
    }
    w.raw(
      pass.activations.isEmpty
        ? "],\n      \"candidates\": [" : "\n      ],\n      \"candidates\": [")
    for (c, candidate) in pass.candidates.enumerated() {
      w.raw(c == 0 ? "\n        {\"id\": " : ",\n        {\"id\": ")
      w.int(candidate.id)
      w.raw(", \"text\": ")
      w.string(candidate.text)
      w.raw(", \"probability\": ")
      w.float(candidate.probability)
      w.raw("}")
    }
    w.raw(pass.candidates.isEmpty ? "],\n      \"chosen\": " : "\n      ],\n      \"chosen\": ")
    writeToken(pass.chosen.id, pass.chosen.text, into: &w)
    w.raw("\n    }")
  }

  /// A list of interventions as `[{"kind": ..., "target": ..., "source": ...}, ...]`.
  private static func writeInterventions(_ list: [Intervention], into w: inout JSONWriter) {
    w.raw("[")
    for (i, intervention) in list.enumerated() {
      let record = intervention.record
      w.raw(i == 0 ? "{\"kind\": " : ", {\"kind\": ")
      w.string(record.kind)
      if let target = record.target {
        w.raw(", \"target\": ")
        w.string(target)
      }
      if let source = record.source {
        w.raw(", \"source\": ")
        w.string(source)
      }
      w.raw("}")
    }
    w.raw("]")
  }

  private static func writeToken(_ id: Int, _ text: String, into w: inout JSONWriter) {
    w.raw("{\"id\": ")
    w.int(id)
    w.raw(", \"text\": ")
    w.string(text)
    w.raw("}")
  }
}
