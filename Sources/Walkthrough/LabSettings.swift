import TinyGPT
import TraceKit

/// What the lab changes before the model runs again: the prompt, the interventions and the
/// sampling. The viewer edits these; the command layer re-runs the model with them.
public struct LabSettings: Equatable, Sendable {
  public var prompt: String
  public var interventions: [Intervention]
  public var sampling: SamplingSettings

  public init(prompt: String, interventions: [Intervention], sampling: SamplingSettings) {
    self.prompt = prompt
    self.interventions = interventions
    self.sampling = sampling
  }

  /// The settings `trace` was recorded with.
  public init(trace: Trace) {
    self.init(prompt: trace.prompt, interventions: trace.interventions, sampling: trace.sampling)
  }

  /// The temperatures `t` and `T` step through (0 is greedy).
  public static let temperatures: [Float] = [0, 0.25, 0.5, 0.75, 1, 1.5, 2]
  /// The top-k values `k` and `K` step through (nil: off).
  public static let topKs: [Int?] = [nil, 1, 2, 3, 5, 10, 20, 50]
  /// The top-p values `p` and `P` step through (nil: off).
  public static let topPs: [Float?] = [nil, 0.5, 0.75, 0.9, 0.95]

  /// Adds `intervention`, or removes it when it is in force.
  public mutating func toggle(_ intervention: Intervention) {
    if let index = interventions.firstIndex(of: intervention) {
      interventions.remove(at: index)
    } else {
      interventions.append(intervention)
    }
  }

  /// The next step of `steps` after `current` (`delta` > 0) or before it; `current` itself
  /// at either end. Works for values between steps too (`rank` orders them).
  static func step<Value>(
    _ steps: [Value], from current: Value, by delta: Int, rank: (Value) -> Double
  ) -> Value {
    let here = rank(current)
    if delta > 0 { return steps.first { rank($0) > here } ?? current }
    return steps.last { rank($0) < here } ?? current
  }

  /// The temperature moved one step up or down.
  public mutating func stepTemperature(by delta: Int) {
    sampling.temperature = Self.step(
      Self.temperatures, from: sampling.temperature, by: delta, rank: { Double($0) })
  }

  /// Top-k moved one step along `topKs` (off first).
  public mutating func stepTopK(by delta: Int) {
    sampling.topK = Self.step(Self.topKs, from: sampling.topK, by: delta) {
      $0.map(Double.init) ?? -1
    }
  }

  /// Top-p moved one step along `topPs` (off first).
  public mutating func stepTopP(by delta: Int) {
    sampling.topP = Self.step(Self.topPs, from: sampling.topP, by: delta) {
      $0.map(Double.init) ?? -1
    }
  }

  /// The sampling settings in a few words: `greedy`, or `T 0.75 · top-k 5 · top-p 0.9 · seed 2`.
  public var samplingText: String {
    let s = sampling
    var parts = [s.isGreedy ? "greedy" : "T \(Self.number(s.temperature))"]
    if let k = s.topK { parts.append("top-k \(k)") }
    if let p = s.topP { parts.append("top-p \(Self.number(p))") }
    if !s.isGreedy { parts.append("seed \(s.seed)") }
    let unused = s.isGreedy && (s.topK != nil || s.topP != nil)
    return parts.joined(separator: " · ") + (unused ? " (no effect when greedy)" : "")
  }

  /// The interventions in command-line spelling (`L0H1, L1.mlp`), or nil when there are none.
  public var interventionText: String? {
    interventions.isEmpty ? nil : interventions.map(\.description).joined(separator: ", ")
  }

  /// `0.5`, `1`, `0.75`: a setting as typed on the command line.
  static func number(_ value: Float) -> String {
    value == value.rounded() ? "\(Int(value))" : "\(value)"
  }
}
