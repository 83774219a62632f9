internal import CSHA256
import Foundation

extension SHA256 {
  /// The code that compresses 64-byte blocks; both give the same digest.
  enum Engine: Sendable {
    /// The rounds written in Swift (`SHA256.compressPortably`): any processor, about
    /// 300 MB/s on one core.
    case portable
    /// The x86 SHA extensions (SHA-NI), through the `CSHA256` C target: 1.5-2 GB/s on one core.
    case hardware
  }

  /// Whether this processor has the SHA extensions with SSSE3 and SSE4.1 (x86-64 only).
  static let hardwareSupported: Bool = tracer_sha256_hardware_supported() != 0

  /// The engine of `SHA256()`: the SHA extensions when the processor has them, unless the
  /// environment variable `TRACER_PORTABLE_SHA` is `1` (read once, for tests and benchmarks).
  static let defaultEngine: Engine = {
    if ProcessInfo.processInfo.environment["TRACER_PORTABLE_SHA"] == "1" { return .portable }
    return hardwareSupported ? .hardware : .portable
  }()

  /// Compresses `blocks` blocks at `data` into `state` with the SHA extensions.
  static func compressWithHardware(
    _ state: UnsafeMutablePointer<UInt32>, _ data: UnsafeRawPointer, blocks: Int
  ) {
    tracer_sha256_compress(state, data, blocks)
  }
}
