#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Transparent huge pages for large arrays: a large array written for the first time takes one
/// page fault per 2 MB instead of one per 4 kB (and the kernel clears and maps 512 times fewer
/// pages one by one), which is most of the cost of filling 500 MB of fresh weights.
///
/// Only a hint (`madvise(MADV_HUGEPAGE)`, Linux): nothing changes when transparent huge pages
/// are off, the kernel has none free, or on other systems. Values are never affected.
public enum HugePages {
  /// The transparent huge page size aimed at (x86-64, and arm64 with 4 kB base pages).
  public static let size = 1 << 21

  /// Asks the kernel to back the whole 2 MB-aligned pages inside `buffer` with huge pages.
  ///
  /// Call it before the memory is first written: pages already touched stay small. The head
  /// and tail of `buffer` outside the aligned interior are left alone (they may share pages
  /// with other allocations).
  public static func advise(_ buffer: UnsafeMutableRawBufferPointer) {
    #if os(Linux)
      guard let base = buffer.baseAddress else { return }
      let start = (Int(bitPattern: base) + size - 1) & ~(size - 1)
      let end = (Int(bitPattern: base) + buffer.count) & ~(size - 1)
      guard end > start, let interior = UnsafeMutableRawPointer(bitPattern: start) else { return }
      _ = madvise(interior, end - start, MADV_HUGEPAGE)
    #endif
  }

  /// A new array of `count` floats whose storage is advised for huge pages (`advise`) before
  /// `initialize` writes it; `initialize` must set every element.
  ///
  /// For arrays of a few MB or more that are filled once and kept (weights, large traced
  /// activations); smaller arrays gain nothing.
  public static func floatArray(
    count: Int, initializingWith initialize: (UnsafeMutableBufferPointer<Float>) -> Void
  ) -> [Float] {
    [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
      advise(UnsafeMutableRawBufferPointer(buffer))
      initialize(UnsafeMutableBufferPointer(rebasing: buffer[0..<count]))
      initialized = count
    }
  }
}
