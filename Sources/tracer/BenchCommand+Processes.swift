import Foundation
import TinyGPT

extension BenchCommand {
  /// Whole `tracer predict` and `tracer generate` processes on the large model saved as a
  /// Hugging Face folder, side by side with their numpy counterparts
  /// (Docs/bench/numpy_process.py) when python3 with numpy is there.
  func benchProcesses(
    _ model: Model, directory: String, label: String, _ bench: inout BenchTable
  ) throws {
    let folder = directory + "/hf"
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: false)
    try HuggingFaceFolder.write(model, to: folder)
    let words = { (count: Int) in
      (0..<count).map { model.tokenizer.text(of: ($0 * 7919 + 13) % model.config.dVocab) }
        .joined(separator: " ")
    }
    let runs = min(repeats, 3)
    let rows: [(name: String, tracer: [String], numpy: [String], goal: Double)] = [
      (
        "predict, \(tokens) tokens", ["predict", "--model", folder, "--prompt", words(tokens)],
        ["predict", folder, "--tokens", "\(tokens)"], 1.5
      ),
      (
        "generate 32 tokens from 16",
        ["generate", "--model", folder, "--prompt", words(16), "--tokens", "32"],
        ["generate", folder, "--prompt-tokens", "16", "--tokens", "32"], 3
      ),
    ]
    let script = numpyScript
    for row in rows {
      progress("process: tracer \(row.tracer[0]) (\(label))")
      guard let mine = processTime(row.tracer, runs: runs) else {
        throw RunError("tracer \(row.tracer[0]) failed on the benchmark model")
      }
      bench.add("process", "tracer \(row.name)", mine * 1000, "ms", "\(label), whole process")
      guard let script else { continue }
      progress("process: numpy \(row.tracer[0]) (\(label))")
      var failed = false
      let theirs = median(runs) {
        failed = failed || !spawnAndWait("/usr/bin/env", ["python3", script] + row.numpy)
      }
      if failed { continue }
      bench.add("process", "numpy \(row.name)", theirs * 1000, "ms", "Docs/bench/numpy_process.py")
      bench.add(
        "process", "numpy / tracer, \(row.tracer[0])", theirs / mine, "x",
        "goal >= \(shortNumber(row.goal))")
    }
  }

  /// The numpy counterpart script of a build made from a checkout, if it is there.
  var numpyScript: String? {
    let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .deletingLastPathComponent().deletingLastPathComponent()
      .appendingPathComponent("Docs/bench/numpy_process.py").path
    return FileManager.default.fileExists(atPath: path) ? path : nil
  }
}
