import BuiltinContent
import Foundation
import TensorFiles
import TerminalKit
import TinyGPT
import TraceKit
import Walkthrough

extension Options {
  static let gpt2 = Option.flag(
    "--gpt2", help: "Measure a full GPT-2-small-shaped model (124M parameters).")
  static let quick = Option.flag("--quick", help: "Fewer repeats: faster, noisier.")
  static let benchTokens = Option.integer(
    "--tokens", in: 1...1024, help: "Tokens per forward pass (default 128).")
}

/// `tracer bench`: how fast the kernels, the forward pass, the file formats and the built-in
/// model run on this machine (see Docs/performance.md).
struct BenchCommand: Command {
  static let name = "bench"
  static let help = Help(
    usage: "tracer bench [--gpt2] [--quick] [--tokens <n>] [--json]",
    abstract:
      "Measure matrix products, forward passes, trace and weights files, and the built-in model.",
    discussion:
      "Prints a table on standard output and progress on standard error. Times are medians of "
      + "several runs (the fastest run for matrix products). By default the large model is "
      + "GPT-2-small-shaped but with 2 layers and a 2048-token vocabulary (about 20 s, 200 MB); "
      + "--gpt2 uses the full 12 layers and 50257 tokens (about a minute, 1.5 GB). It also "
      + "trains the default model from scratch (about 5 s). Build with -c release: debug "
      + "numbers mean little.",
    options: [
      Options.gpt2.spec, Options.quick.spec, Options.benchTokens.spec,
      Options.json.help("Print the results as JSON instead of a table.").spec,
    ],
    examples: ["swift run -c release tracer bench", "tracer bench --gpt2 --json > bench.json"])

  var gpt2: Bool
  var quick: Bool
  var tokens: Int
  var json: Bool

  init(parsing arguments: inout Arguments) throws {
    gpt2 = arguments.isSet(Options.gpt2)
    quick = arguments.isSet(Options.quick)
    tokens = try arguments.value(Options.benchTokens) ?? 128
    json = arguments.isSet(Options.json)
  }

  /// Timed runs per measurement.
  var repeats: Int { quick ? 3 : 7 }

  func run() throws {
    #if DEBUG
      Console.standard.note(
        "note: this is a debug build; use 'swift run -c release tracer bench'\n")
    #endif
    var bench = BenchTable()
    benchMatmul(&bench)
    try benchLargeModel(&bench)
    try benchBuiltinModel(&bench)
    try benchTraining(&bench)
    if json {
      let encoder = JSONEncoder()
      encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
      let report = BenchReport(
        build: KernelBuild.instructionSet, threads: Matrix.defaultThreadCount, rows: bench.rows)
      try Console.standard.out(String(decoding: try encoder.encode(report), as: UTF8.self) + "\n")
    } else {
      try Console.standard.out(bench.rendered())
    }
  }

  /// Matrix products of the shapes a GPT-2-small forward pass at `tokens` positions uses.
  private func benchMatmul(_ bench: inout BenchTable) {
    typealias Shape = (m: Int, k: Int, n: Int, operation: KernelBenchmark.Operation, what: String)
    var shapes: [Shape] = [
      (tokens, 768, 2304, .plain, "QKV"), (tokens, 768, 2304, .prepacked, "QKV"),
      (tokens, 768, 3072, .plain, "MLP in"), (tokens, 3072, 768, .plain, "MLP out"),
      (768, tokens, 3072, .transposingA, "weight gradient"),
    ]
    if gpt2 { shapes.append((tokens, 768, 50257, .transposingB, "logits")) }
    let threadCounts = Array(Set([1, Matrix.defaultThreadCount])).sorted()
    for shape in shapes {
      for threads in threadCounts {
        progress("matmul \(shape.m)x\(shape.k)x\(shape.n) \(shape.operation), \(threads) thread(s)")
        let result = KernelBenchmark.measure(
          m: shape.m, k: shape.k, n: shape.n, operation: shape.operation, threads: threads,
          repeats: shape.n > 10_000 ? 3 : repeats * 3)
        bench.add(
          "matmul", "\(shape.m)x\(shape.k)·\(shape.k)x\(shape.n) \(shape.operation.rawValue)",
          result.gflops, "GFLOP/s",
          "\(shape.what), \(threads) thread\(threads == 1 ? "" : "s"), "
            + "\(BenchTable.format(result.seconds * 1000)) ms")
      }
    }
  }

  /// Forward passes, trace files and safetensors weights of a GPT-2-small-shaped model.
  private func benchLargeModel(_ bench: inout BenchTable) throws {
    let config = ModelConfig(
      nLayers: gpt2 ? 12 : 2, dModel: 768, nHeads: 12, dMLP: 3072, nCtx: 1024,
      dVocab: gpt2 ? 50257 : 2048)
    let label = gpt2 ? "gpt2-small" : "gpt2-2layer"
    progress("initialising a \(config.nLayers)-layer model (d_vocab \(config.dVocab))")
    let vocabulary = (0..<config.dVocab).map { "t\($0)" }
    let model = try Model.randomlyInitialized(
      config: config, tokenizer: Tokenizer(kind: .word, vocabulary: vocabulary), seed: 1)
    let ids = (0..<tokens).map { ($0 * 7919 + 13) % config.dVocab }
    let note = "\(label), \(tokens) tokens"

    progress("forward pass, untraced and traced")
    _ = model.forward(ids)
    let untraced = median(repeats) { _ = model.forward(ids) }
    let traced = median(repeats) {
      var recorder = TraceRecorder()
      _ = model.forward(ids, hooks: &recorder)
    }
    bench.add("forward", "untraced", untraced * 1000, "ms", note)
    bench.add("forward", "traced", traced * 1000, "ms", note)
    bench.add("forward", "traced / untraced", traced / untraced, "x", "goal <= 1.10")

    let trace = model.trace(
      tokens: ids, prompt: vocabulary[0], modelName: label,
      weightsSHA256: String(repeating: "0", count: 64))
    try withScratchDirectory { directory in
      try benchTraceFile(trace, directory: directory, label: note, &bench)
      try benchWeights(model, directory: directory, label: label, &bench)
      try benchProcesses(model, directory: directory, label: label, &bench)
    }
  }

  /// Streaming trace writing (with its peak memory) and reading, checked bit for bit.
  private func benchTraceFile(
    _ trace: Trace, directory: String, label: String, _ bench: inout BenchTable
  ) throws {
    let path = directory + "/trace.json"
    let activationBytes = trace.passes.reduce(0) { sum, pass in
      pass.activations.reduce(sum) { $0 + $1.data.count * MemoryLayout<Float>.size }
    }
    progress("trace file: writing \(activationBytes / 1_000_000) MB of activations")
    MemoryUsage.resetPeak()
    let before = MemoryUsage.current()
    let write = try median(min(repeats, 3)) {
      try TraceFile.write(trace, to: path, replacing: true)
    }
    let peak = MemoryUsage.peak()
    let size = Double(try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int ?? 0)
    progress("trace file: reading \(Int(size) / 1_000_000) MB")
    var back: Trace?
    let read = try median(min(repeats, 3)) { back = try TraceFile.read(contentsOf: path) }
    let exact = back.map { sameBits($0, trace) } ?? false
    bench.add("trace file", "size", size / 1e6, "MB", label)
    bench.add("trace file", "write", size / 1e6 / write, "MB/s", "goal >= 500")
    bench.add(
      "trace file", "read", size / 1e6 / read, "MB/s",
      exact ? "bit-exact; goal >= 400" : "NOT EXACT")
    bench.add(
      "trace file", "activations in memory", Double(activationBytes) / 1e6, "MB", "float32 data")
    if let before, let peak {
      bench.add(
        "trace file", "peak memory growth while writing", Double(max(0, peak - before)) / 1e6,
        "MB", "VmHWM - VmRSS")
    }
    guard exact else { throw RunError("the trace read back differs from the one written") }
  }

  /// safetensors write and read, and the SHA-256 of the weights that traces record.
  private func benchWeights(
    _ model: Model, directory: String, label: String, _ bench: inout BenchTable
  ) throws {
    let path = directory + "/model.safetensors"
    let parameters = model.parameters.parameterCount
    let note = "\(label), \(grouped(parameters)) parameters"
    progress("safetensors: \(parameters * 4 / 1_000_000) MB")
    let write = try median(min(repeats, 3)) {
      try WeightsFile.write(model, to: path, replacing: true)
    }
    var loaded: Model?
    let read = try median(min(repeats, 3)) { loaded = try WeightsFile.read(contentsOf: path) }
    guard loaded == model else { throw RunError("the weights read back differ from those written") }
    loaded = nil
    let hash = median(min(repeats, 3)) { _ = WeightsFile.sha256(of: model) }
    bench.add("weights", "safetensors write", write * 1000, "ms", note)
    bench.add("weights", "safetensors read", read * 1000, "ms", note)
    bench.add("weights", "SHA-256 of the weights", hash * 1000, "ms", note)
    bench.add(
      "weights", "SHA-256 speed", Double(parameters * 4) / 1e6 / hash, "MB/s",
      "float32 bytes hashed per second")
  }

  /// The toy model: loading, predicting, tracing and rendering the walkthrough, in-process and
  /// as whole `tracer` processes.
  private func benchBuiltinModel(_ bench: inout BenchTable) throws {
    progress("built-in model")
    let n = repeats * 5
    var model: Model?
    let load = try median(n) {
      model = try WeightsFile.decode(BuiltinContent.defaultModel, format: .json)
    }
    guard let model else { throw RunError("the built-in model did not load") }
    let predict = try median(n) {
      let ids = try model.tokenizer.encode(defaultPrompt)
      _ = topCandidates(model.nextTokenProbabilities(ids), count: 5)
    }
    let script = try WalkthroughScript(parsing: BuiltinContent.defaultScript)
    var walkthrough: Walkthrough?
    let trace = try median(n) {
      let trace = try model.trace(
        prompt: defaultPrompt, passCount: defaultPassCount, modelName: "built-in",
        weightsSHA256: WeightsFile.sha256(of: model))
      walkthrough = try Walkthrough(trace: trace, script: script)
    }
    guard let walkthrough else { throw RunError("the walkthrough did not build") }
    let encoder = ANSIEncoder(level: .trueColor)
    var slowest = (seconds: 0.0, page: 0)
    for page in walkthrough.pages.indices {
      let position = WalkthroughPosition(page: page, layer: 0, head: 0)
      let seconds = median(n) {
        _ = encoder.encode(walkthrough.document(page: page, at: position).render(width: 100))
      }
      if seconds > slowest.seconds { slowest = (seconds, page) }
    }
    bench.add("built-in model", "load (JSON weights)", load * 1000, "ms", "in-process")
    bench.add("built-in model", "predict", predict * 1000, "ms", "in-process, after load")
    bench.add(
      "built-in model", "trace + walkthrough", trace * 1000, "ms",
      "\(defaultPassCount) passes, SHA-256 included")
    bench.add(
      "built-in model", "slowest page render", slowest.seconds * 1000, "ms",
      "page \(slowest.page + 1) of \(walkthrough.pages.count), 100 columns; goal < 5")
    for (arguments, goal) in [(["predict"], 10), (["walk", "--all", "--color", "never"], 100)] {
      progress("process: tracer \(arguments.joined(separator: " "))")
      guard let seconds = processTime(arguments, runs: n) else { continue }
      bench.add(
        "process", "tracer " + arguments.joined(separator: " "), seconds * 1000, "ms",
        "whole process; goal < \(goal)")
    }
  }

  /// The median wall-clock time of running this executable with `arguments`, output discarded
  /// (`posix_spawn` and `waitpid`, which add far less than Foundation's `Process`).
  func processTime(_ arguments: [String], runs: Int) -> Double? {
    guard
      let executable = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")
    else { return nil }
    var failed = false
    let time = median(runs) { failed = failed || !spawnAndWait(executable, arguments) }
    return failed ? nil : time
  }

  /// Runs `executable` with `arguments`, standard output and error to /dev/null; true if it
  /// exited with status 0.
  func spawnAndWait(_ executable: String, _ arguments: [String]) -> Bool {
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
    let argv = ([executable] + arguments).map { strdup($0) } + [nil]
    defer { argv.forEach { free($0) } }
    var pid: pid_t = 0
    guard posix_spawn(&pid, executable, &actions, nil, argv, environ) == 0 else { return false }
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
    return status == 0
  }

  func progress(_ text: String) { Console.standard.note("bench: \(text)\n") }
}

/// The median wall-clock seconds of `runs` calls of `body` (at least one).
func median(_ runs: Int, _ body: () throws -> Void) rethrows -> Double {
  let clock = ContinuousClock()
  var times: [Double] = []
  for _ in 0..<max(1, runs) {
    let elapsed = try clock.measure(body).components
    times.append(Double(elapsed.seconds) + Double(elapsed.attoseconds) * 1e-18)
  }
  times.sort()
  return times[times.count / 2]
}

/// Whether two traces hold the same activations bit for bit (and are otherwise equal).
func sameBits(_ a: Trace, _ b: Trace) -> Bool {
  guard a.passes.count == b.passes.count else { return false }
  for (p, q) in zip(a.passes, b.passes) {
    guard p.tokens == q.tokens, p.candidates == q.candidates, p.chosen == q.chosen,
      p.activations.count == q.activations.count
    else { return false }
    for (x, y) in zip(p.activations, q.activations) {
      guard x.name == y.name, x.shape == y.shape,
        x.data.map(\.bitPattern) == y.data.map(\.bitPattern)
      else { return false }
    }
  }
  return a.config == b.config && a.tokenizer == b.tokenizer && a.prompt == b.prompt
}

/// Runs `body` with a fresh temporary directory, removed afterwards.
func withScratchDirectory(_ body: (String) throws -> Void) throws {
  let path = NSTemporaryDirectory() + "tracer-bench-\(getpid())"
  try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
  defer { try? FileManager.default.removeItem(atPath: path) }
  try body(path)
}

/// Resident memory of this process, from /proc/self/status (Linux; nil elsewhere).
enum MemoryUsage {
  /// Resets the peak (`VmHWM`) to the current resident size (Linux 4.0+).
  static func resetPeak() {
    guard let handle = FileHandle(forWritingAtPath: "/proc/self/clear_refs") else { return }
    try? handle.write(contentsOf: Data("5".utf8))
    try? handle.close()
  }

  /// `VmRSS` in bytes.
  static func current() -> Int? { field("VmRSS:") }

  /// `VmHWM` (peak resident size since start or the last reset) in bytes.
  static func peak() -> Int? { field("VmHWM:") }

  private static func field(_ name: String) -> Int? {
    guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
      let line = text.split(separator: "\n").first(where: { $0.hasPrefix(name) }),
      let kilobytes = line.split(separator: " ").dropFirst().first.flatMap({ Int($0) })
    else { return nil }
    return kilobytes * 1024
  }
}

/// One measurement: a group, what was measured, a value with its unit, and a note.
struct BenchRow: Encodable {
  var group: String
  var name: String
  var value: Double
  var unit: String
  var note: String
}

/// Everything `--json` prints.
struct BenchReport: Encodable {
  var build: String
  var threads: Int
  var rows: [BenchRow]
}

/// The rows gathered so far, and their rendering as a table.
struct BenchTable {
  var rows: [BenchRow] = []

  mutating func add(
    _ group: String, _ name: String, _ value: Double, _ unit: String, _ note: String
  ) {
    rows.append(BenchRow(group: group, name: name, value: value, unit: unit, note: note))
  }

  /// A number with three significant digits (at least one decimal below 100).
  static func format(_ value: Double) -> String {
    let digits = value >= 100 ? 0 : value >= 10 ? 1 : value >= 1 ? 2 : 3
    return String(format: "%.\(digits)f", value)
  }

  /// Aligned columns: group, measurement, value, unit, note.
  func rendered() -> String {
    let cells = rows.map { [$0.group, $0.name, Self.format($0.value), $0.unit, $0.note] }
    let header = ["group", "measurement", "value", "unit", "note"]
    let widths = (0..<5).map { c in ([header] + cells).map { $0[c].count }.max() ?? 0 }
    func line(_ row: [String]) -> String {
      row.enumerated().map { c, text in
        let pad = String(repeating: " ", count: widths[c] - text.count)
        return c == 2 ? pad + text : text + pad
      }.joined(separator: "  ").trimmingCharacters(in: .whitespaces)
    }
    let rule = widths.map { String(repeating: "-", count: $0) }
    return ([line(header), line(rule)] + cells.map(line)).joined(separator: "\n") + "\n"
  }
}
