import Foundation
import Testing

@testable import TensorFiles
@testable import TinyGPT

/// A NaN or infinity in a weights file is reported with the tensor and its first bad index,
/// whichever loader reads it and whichever copying thread meets it (the check is fused into
/// the parallel copy out of the file, `FloatCopy`).
@Suite struct NonFiniteLoadingTests {
  /// Token embeddings of 1024 × 512 values: twice `FloatCopy`'s minimum per thread, so the
  /// copy is cut in two ranges whenever there are two threads or more.
  static let config = ModelConfig(
    nLayers: 1, dModel: 512, nHeads: 2, dMLP: 8, nCtx: 4, dVocab: 1024)
  static let model = makeTestModel(config)
  static let embeddingCount = 1024 * 512

  /// `model` with `value` at `index` of the token embedding.
  static func spoiled(_ index: Int, _ value: Float) -> Model {
    var model = Self.model
    model.parameters.tokenEmbedding.data[index] = value
    return model
  }

  /// Where the second copying thread's range starts in the token embedding (as `FloatCopy`
  /// cuts it), when there are two threads.
  static let secondRange = (embeddingCount / 2 + 1023) & ~1023

  @Test func fileHoldsEnoughForTwoThreads() {
    #expect(Self.embeddingCount >= 2 * (1 << 18))
  }

  @Test(arguments: [
    (0, Float.nan), (1, Float.infinity), (secondRange - 1, -Float.infinity),
    (secondRange, Float.nan), (secondRange + 77, Float.infinity),
    (embeddingCount - 1, Float.nan),
  ])
  func safetensorsNameTheTensorAndFirstBadIndex(index: Int, value: Float) throws {
    let bytes = try WeightsFile.encode(Self.spoiled(index, value), format: .safetensors)
    #expect(
      errorText { try WeightsFile.decode(bytes, format: .safetensors) }
        == "tensor transformer.wte.weight has a NaN or infinite value at index \(index)")
  }

  @Test func theFirstOfSeveralBadValuesIsReported() throws {
    var model = Self.spoiled(Self.embeddingCount - 1, .nan)
    model.parameters.tokenEmbedding.data[Self.secondRange + 3] = .infinity
    model.parameters.tokenEmbedding.data[12] = -.infinity
    let bytes = try WeightsFile.encode(model, format: .safetensors)
    #expect(
      errorText { try WeightsFile.decode(bytes, format: .safetensors) }
        == "tensor transformer.wte.weight has a NaN or infinite value at index 12")
    // A bad value in a later tensor, too: the earlier tensor (canonical order) is named.
    model.parameters.blocks[0].mlpProjWeight.data[5] = .nan
    let both = try WeightsFile.encode(model, format: .safetensors)
    #expect(
      errorText { try WeightsFile.decode(both, format: .safetensors) }
        == "tensor transformer.wte.weight has a NaN or infinite value at index 12")
  }

  @Test func aMissingTensorBeforeABadOneIsStillReportedFirst() throws {
    // Parameters are checked slot by slot: a missing earlier tensor wins, as before the
    // check moved into the copy.
    let model = Self.spoiled(Self.embeddingCount - 1, .nan)
    var tensors = Dictionary(
      uniqueKeysWithValues: model.parameters.namedTensors().map { ($0.name, $0.tensor) })
    tensors["transformer.wte.weight"] = nil
    #expect(
      errorText { try Parameters(named: tensors, config: Self.config) }
        == "missing tensor transformer.wte.weight")
  }

  @Test(arguments: [0, secondRange, embeddingCount - 1])
  func huggingFaceFoldersNameTheTensorAndFirstBadIndex(index: Int) throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent(
      "nonfinite-\(getpid())-\(index)"
    ).path
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: dir) }
    try HuggingFaceFolder.write(Self.spoiled(index, .nan), to: dir)
    #expect(
      errorText { try HuggingFaceFolder.read(directory: dir) }
        == "tensor transformer.wte.weight has a NaN or infinite value at index \(index)")
  }

  @Test func jsonWeightsAreStillChecked() throws {
    // `Parameters(named:)` itself checks what no loader checked.
    var tensors = Dictionary(
      uniqueKeysWithValues: Self.model.parameters.namedTensors().map { ($0.name, $0.tensor) })
    tensors["transformer.h.0.mlp.c_proj.bias"]?.data[511] = .infinity
    #expect(
      errorText { try Parameters(named: tensors, config: Self.config) }
        == "tensor transformer.h.0.mlp.c_proj.bias has a NaN or infinite value at index 511")
  }

  @Test func loadedWeightsAreBitIdenticalToTheFile() throws {
    let bytes = try WeightsFile.encode(Self.model, format: .safetensors)
    let loaded = try WeightsFile.decode(bytes, format: .safetensors)
    #expect(bitIdentical(loaded, Self.model))
    // And to the file's own bytes, read here value by value.
    let header = try bytes.withUnsafeBufferPointer { try SafetensorsHeader($0) }
    for (name, tensor) in loaded.parameters.namedTensors() {
      let entry = try #require(header.entries[name])
      let start = header.dataStart + entry.begin
      let fileBits = (0..<entry.count).map { i in
        (0..<4).reduce(UInt32(0)) { $0 | UInt32(bytes[start + 4 * i + $1]) << (8 * $1) }
      }
      #expect(tensor.data.map(\.bitPattern) == fileBits, "\(name)")
    }
  }

  /// Files are read with `pread` into the new arrays (not through the mapping): the same
  /// errors and the same bits.
  @Test func weightsFilesReadFromDiskAreCheckedAndBitIdentical() throws {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent(
      "nonfinite-\(getpid()).safetensors"
    ).path
    defer { try? FileManager.default.removeItem(atPath: path) }
    try WeightsFile.write(Self.model, to: path, replacing: true)
    #expect(bitIdentical(try WeightsFile.read(contentsOf: path), Self.model))
    for index in [0, Self.secondRange, Self.embeddingCount - 1] {
      try WeightsFile.write(Self.spoiled(index, .infinity), to: path, replacing: true)
      #expect(
        errorText { try WeightsFile.read(contentsOf: path) }
          == "tensor transformer.wte.weight has a NaN or infinite value at index \(index)")
    }
  }
}
