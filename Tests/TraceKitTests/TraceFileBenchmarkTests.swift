import Foundation
import Testing
import TinyGPT

@testable import TraceKit

/// Throughput of the trace and weights formats on large inputs. Runs only with
/// `TRACER_BENCH=1` (use a release build: `TRACER_BENCH=1 swift test -c release --filter Benchmark`);
/// it prints numbers and asserts only correctness, never timing.
@Test(.enabled(if: ProcessInfo.processInfo.environment["TRACER_BENCH"] == "1"))
func fileFormatBenchmark() throws {
  let dir = FileManager.default.temporaryDirectory.appendingPathComponent("bench-\(getpid())").path
  try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
  defer { try? FileManager.default.removeItem(atPath: dir) }
  func seconds(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
  }
  // 50 activations of 128 x 768 floats.
  var rng = RandomSource(seed: 1)
  let activations = (0..<50).map { i in
    Activation(
      name: "a\(i)", axes: ["pos", "d_model"], shape: [128, 768],
      data: (0..<(128 * 768)).map { _ in Float(rng.nextGaussian()) })
  }
  var trace = makeTestTrace(passes: 1)
  trace.passes[0].activations = activations
  let path = "\(dir)/trace.json"
  let writeTime = try seconds { try TraceFile.write(trace, to: path) }
  let size = Double(try FileBytes.read(contentsOf: path).count)
  var back: Trace?
  let readTime = try seconds { back = try TraceFile.read(contentsOf: path) }
  #expect(back.map { bitIdentical($0, trace) } == true)
  print(
    String(
      format: "trace: %.1f MB, write %.3f s (%.0f MB/s), read %.3f s (%.0f MB/s)",
      size / 1e6, writeTime, size / 1e6 / writeTime, readTime, size / 1e6 / readTime))

  // GPT-2 small shapes, 124M parameters.
  let config = ModelConfig(
    nLayers: 12, dModel: 768, nHeads: 12, dMLP: 3072, nCtx: 1024, dVocab: 50257)
  var tensors: [String: Tensor] = [:]
  for (name, shape) in Parameters.expectedShapes(for: config) {
    let count = shape.reduce(1, *)
    tensors[name] = Tensor(shape: shape, data: (0..<count).map { Float($0 % 1000) * 1e-3 })
  }
  let model = Model(
    config: config, tokenizer: Tokenizer(kind: .char, vocabulary: (0..<50257).map { "t\($0)" }),
    parameters: try Parameters(named: tensors, config: config))
  let weightsPath = "\(dir)/gpt2.safetensors"
  let weightsWrite = try seconds { try WeightsFile.write(model, to: weightsPath) }
  var loaded: Model?
  var raw: [UInt8] = []
  let fileRead = try seconds { raw = try FileBytes.read(contentsOf: weightsPath) }
  let decodeTime = try seconds { loaded = try WeightsFile.decode(raw, format: .safetensors) }
  raw = []
  loaded = nil
  let weightsRead = try seconds { loaded = try WeightsFile.read(contentsOf: weightsPath) }
  print(String(format: "safetensors: file read %.3f s, decode %.3f s", fileRead, decodeTime))
  #expect(loaded == model)
  var hash = ""
  let hashTime = seconds { hash = WeightsFile.sha256(of: model) }
  print(
    String(
      format: "safetensors %d params: write %.3f s, read %.3f s, sha256 %.3f s (%@)",
      model.parameters.parameterCount, weightsWrite, weightsRead, hashTime, String(hash.prefix(8))))
}
