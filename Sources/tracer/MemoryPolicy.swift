#if canImport(Glibc)
  import Glibc
#endif

/// How the process asks the C allocator to treat large blocks it frees.
///
/// By default glibc gives blocks of more than a few megabytes back to the system when they are
/// freed (and serves them with `mmap`), so every forward pass faults its activations in again,
/// one 4 KB page at a time, and a traced pass (which keeps every activation) faults in all of
/// them. Serving blocks up to 32 MB (glibc's largest threshold) from the heap and never trimming
/// it keeps freed memory for the next pass: measured on the 2-layer bench model, untraced
/// passes took 42-74 ms instead of 74-84 ms and traced ones 48-83 ms instead of 101-111 ms
/// (Docs/performance.md). The cost is that the process keeps its peak memory until it exits.
enum MemoryPolicy {
  /// Keeps freed memory in the process for reuse (glibc); does nothing elsewhere.
  static func keepFreedMemory() {
    #if canImport(Glibc)
      // <malloc.h> is not part of Swift's Glibc module, so `mallopt` is looked up by name; its
      // parameter numbers are glibc's fixed ABI (M_TRIM_THRESHOLD -1, M_MMAP_THRESHOLD -3).
      typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
      guard let symbol = dlsym(nil, "mallopt") else { return }
      let mallopt = unsafeBitCast(symbol, to: Mallopt.self)
      _ = mallopt(-3, 32 << 20)  // M_MMAP_THRESHOLD: blocks up to 32 MB from the heap
      _ = mallopt(-1, Int32.max)  // M_TRIM_THRESHOLD: never give the heap's top back
    #endif
  }
}
