import Foundation
import TensorFiles
import Testing

@testable import TinyGPT

private let base = ModelConfig(nLayers: 2, dModel: 8, nHeads: 2, dMLP: 16, nCtx: 8, dVocab: 12)

private func variants() -> [ModelConfig] {
  var list: [ModelConfig] = []
  for ln in [NormalizationType.layerNorm, nil] {
    for pos in PositionalEmbeddingType.allCases {
      for tied in [true, false] {
        var c = base
        c.normalizationType = ln
        c.positionalEmbeddingType = pos
        c.tieWordEmbeddings = tied
        c.lnEps = 3.7e-6
        list.append(c)
      }
    }
  }
  return list
}

@Test(arguments: WeightsFormat.allCases)
func weightsRoundTripBitExact(format: WeightsFormat) throws {
  for (i, config) in variants().enumerated() {
    let model = makeTestModel(config, seed: UInt64(i), metadata: ["description": "a \"toy\"\n✓"])
    let bytes = try WeightsFile.encode(model, format: format)
    let back = try WeightsFile.decode(bytes, format: format)
    #expect(bitIdentical(model, back), "config \(i) in \(format)")
    #expect(try WeightsFile.encode(model, format: format) == bytes, "determinism")
    #expect(WeightsFile.sha256(of: back) == WeightsFile.sha256(of: model))
  }
}

@Test func weightsFileWriteAndReadBothFormats() throws {
  let dir = FileManager.default.temporaryDirectory.appendingPathComponent("wf-\(getpid())").path
  try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
  defer { try? FileManager.default.removeItem(atPath: dir) }
  let model = makeTestModel(base, metadata: ["held_out_loss": "1.5"])
  for ext in ["json", "safetensors"] {
    let path = "\(dir)/m.\(ext)"
    try WeightsFile.write(model, to: path)
    #expect(bitIdentical(try WeightsFile.read(contentsOf: path), model))
  }
  let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir).filter {
    $0.contains(".tmp")
  }
  #expect(leftovers.isEmpty)
  #expect(
    errorText { try WeightsFile.write(model, to: "\(dir)/m.bin") }?.contains(
      ".json or .safetensors") == true)
  #expect(
    errorText { try WeightsFile.read(contentsOf: "\(dir)/none.json") }?.contains("none.json")
      == true)
}

@Test func sha256OfWeightsIsConcatenatedLittleEndianData() throws {
  let model = makeTestModel(base)
  var bytes: [UInt8] = []
  for (_, t) in model.parameters.namedTensors() {
    for v in t.data {
      let b = v.bitPattern
      bytes += [UInt8(b & 0xFF), UInt8(b >> 8 & 0xFF), UInt8(b >> 16 & 0xFF), UInt8(b >> 24)]
    }
  }
  #expect(WeightsFile.sha256(of: model) == SHA256.hex(of: bytes))
}

@Test func safetensorsLayoutIsStandard() throws {
  let model = makeTestModel(base)
  let bytes = try WeightsFile.encode(model, format: .safetensors)
  var n = 0
  for i in (0..<8).reversed() { n = n << 8 | Int(bytes[i]) }
  #expect(n % 8 == 0)
  let header = try #require(
    JSONSerialization.jsonObject(with: Data(bytes[8..<(8 + n)])) as? [String: Any])
  let wte = try #require(header["transformer.wte.weight"] as? [String: Any])
  #expect(wte["dtype"] as? String == "F32")
  #expect(wte["shape"] as? [Int] == [12, 8])
  #expect(wte["data_offsets"] as? [Int] == [0, 12 * 8 * 4])
  let meta = try #require(header["__metadata__"] as? [String: String])
  #expect(meta["config"]?.contains("\"d_model\":8") == true)
  #expect(meta["format"] == "pt")  // transformers refuses safetensors files without it
  // The first float of the data section is wte[0], -0.0.
  let first =
    UInt32(bytes[8 + n]) | UInt32(bytes[9 + n]) << 8 | UInt32(bytes[10 + n]) << 16
    | UInt32(bytes[11 + n]) << 24
  #expect(first == (-0.0 as Float).bitPattern)
  #expect(bytes.count == 8 + n + model.parameters.parameterCount * 4)
}
