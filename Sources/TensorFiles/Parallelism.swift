import Foundation

/// How many threads the program's parallel loops use: `TRACER_THREADS` when set to a positive
/// number, otherwise every active processor. Results never depend on it (see `Docs/architecture.md`).
public enum Parallelism {
  public static let threadCount: Int = {
    if let text = ProcessInfo.processInfo.environment["TRACER_THREADS"], let value = Int(text),
      value > 0
    {
      return value
    }
    return max(1, ProcessInfo.processInfo.activeProcessorCount)
  }()
}
