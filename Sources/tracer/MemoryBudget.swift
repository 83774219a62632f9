import Foundation
import TinyGPT

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Whether a model of a given config can be built in this machine's memory, decided from the
/// config's arithmetic parameter count before anything is allocated.
enum MemoryBudget {
  /// Bytes per weight in memory (Float32).
  static let bytesPerWeight = 4
  /// Extra bytes per weight while the JSON encoding is built in memory (its shortest decimal
  /// text, such as `-0.012345678, `, is at most about 16 bytes).
  static let jsonBytesPerWeight = 16

  /// The machine's physical memory in bytes (`sysconf`), `nil` when unknown.
  static var physicalMemory: Int? {
    let pages = sysconf(Int32(_SC_PHYS_PAGES))
    let size = sysconf(Int32(_SC_PAGESIZE))
    guard pages > 0, size > 0 else { return nil }
    let (bytes, overflow) = pages.multipliedReportingOverflow(by: size)
    return overflow ? nil : bytes
  }

  /// Refuses, with the size it would need, a model of `config` written as `format` that would
  /// not fit in physical memory.
  static func check(_ config: ModelConfig, format: WeightsFormat) throws {
    let perWeight = bytesPerWeight + (format == .json ? jsonBytesPerWeight : 0)
    let (needed, overflow) = (config.parameterCount ?? Int.max).multipliedReportingOverflow(
      by: perWeight)
    let memory = physicalMemory
    guard overflow || memory.map({ needed > $0 }) == true else { return }
    let parameters = config.parameterCount.map { "\(grouped($0)) parameters" } ?? "its parameters"
    let size = overflow ? "more memory than can be counted" : gibibytes(needed)
    let memoryText = memory.map(gibibytes) ?? "less"
    throw RunError(
      "the model would need \(size) for \(parameters) (\(perWeight) bytes each"
        + "\(format == .json ? " with the JSON text" : "")); this machine has \(memoryText)")
  }

  /// `n` bytes in GiB with one decimal (`74.5 GiB`).
  static func gibibytes(_ n: Int) -> String {
    String(format: "%.1f GiB", Double(n) / Double(1 << 30))
  }
}
