import Dispatch

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Copies little-endian Float32 data (a tensor in a file's bytes) into arrays, checking that
/// every value is finite in the same pass, eight values at a time, on several threads.
///
/// A value is NaN or infinite exactly when its exponent bits are all ones, so the check is a
/// mask and a compare on the bits being copied. The bits are copied unchanged.
public enum FloatCopy {
  /// Where the exponent of a Float32 lies; all ones there means NaN or infinity.
  static let exponentBits: UInt32 = 0x7F80_0000

  /// Copies `count` little-endian Float32 values from `source` (any alignment) to `target`,
  /// returning the index of the first NaN or infinite value, or nil when all are finite. Every
  /// value is copied either way.
  public static func copyLittleEndian(
    from source: UnsafeRawPointer, to target: UnsafeMutablePointer<Float>, count: Int
  ) -> Int? {
    var firstBad: Int?
    var i = 0
    #if _endian(little)
      let mask = SIMD8<UInt32>(repeating: exponentBits)
      let out = UnsafeMutableRawPointer(target)
      while i + 8 <= count {
        let bits = source.loadUnaligned(fromByteOffset: 4 * i, as: SIMD8<UInt32>.self)
        out.storeBytes(of: bits, toByteOffset: 4 * i, as: SIMD8<UInt32>.self)
        if any(bits & mask .== mask), firstBad == nil {
          firstBad = (0..<8).first { bits[$0] & exponentBits == exponentBits }.map { i + $0 }
        }
        i += 8
      }
    #endif
    while i < count {
      let bits = UInt32(
        littleEndian: source.loadUnaligned(fromByteOffset: 4 * i, as: UInt32.self))
      target[i] = Float(bitPattern: bits)
      if bits & exponentBits == exponentBits, firstBad == nil { firstBad = i }
      i += 1
    }
    return firstBad
  }

  /// How many values `copyIntoFreshPages` copies after each `FreshPages.populate` (1 MB).
  static let populateStep = 1 << 18

  /// `copyLittleEndian` into newly allocated memory: the target's pages are mapped a
  /// megabyte at a time just before they are written (`FreshPages`), instead of one fault per
  /// page.
  static func copyIntoFreshPages(
    from source: UnsafeRawPointer, to target: UnsafeMutablePointer<Float>, count: Int
  ) -> Int? {
    var firstBad: Int?
    var lower = 0
    while lower < count {
      let n = min(populateStep, count - lower)
      FreshPages.populate(
        forWriting: UnsafeMutableRawBufferPointer(start: target + lower, count: 4 * n))
      if let bad = copyLittleEndian(from: source + 4 * lower, to: target + lower, count: n),
        firstBad == nil
      {
        firstBad = lower + bad
      }
      lower += n
    }
    return firstBad
  }

  /// `copyIntoFreshPages`, reading the bytes with `pread` from `descriptor` at `offset` (the
  /// file position of `source`) instead of through the mapping, then checking each megabyte
  /// while it is still in the cache. Where a read fails or comes up short, the rest is copied
  /// from `source` as `copyLittleEndian` does. Little-endian hosts only.
  static func readIntoFreshPages(
    from source: UnsafeRawPointer, descriptor: Int32, offset: Int,
    to target: UnsafeMutablePointer<Float>, count: Int
  ) -> Int? {
    var firstBad: Int?
    var lower = 0
    while lower < count {
      let n = min(populateStep, count - lower)
      let chunk = UnsafeMutableRawBufferPointer(start: target + lower, count: 4 * n)
      FreshPages.populate(forWriting: chunk)
      var done = 0
      while done < chunk.count, let base = chunk.baseAddress {
        let got = pread(
          descriptor, base + done, chunk.count - done, off_t(offset + 4 * lower + done))
        if got < 0 && errno == EINTR { continue }
        if got <= 0 { break }
        done += got
      }
      var bad: Int?
      if done < chunk.count {  // the file could not be read: copy (and check) from the mapping
        let whole = done / 4
        bad = firstNonFinite(UnsafeBufferPointer(start: target + lower, count: whole))
        let rest = copyLittleEndian(
          from: source + 4 * (lower + whole), to: target + lower + whole, count: n - whole)
        bad = bad ?? rest.map { whole + $0 }
      } else {
        bad = firstNonFinite(UnsafeBufferPointer(start: target + lower, count: n))
      }
      if let bad, firstBad == nil { firstBad = lower + bad }
      lower += n
    }
    return firstBad
  }

  /// The index of the first NaN or infinite value in `values`, or nil.
  public static func firstNonFinite(_ values: UnsafeBufferPointer<Float>) -> Int? {
    guard let base = values.baseAddress else { return nil }
    let raw = UnsafeRawPointer(base)
    let mask = SIMD8<UInt32>(repeating: exponentBits)
    var i = 0
    while i + 8 <= values.count {
      let bits = raw.loadUnaligned(fromByteOffset: 4 * i, as: SIMD8<UInt32>.self)
      if any(bits & mask .== mask) { break }  // the scalar loop below finds which
      i += 8
    }
    while i < values.count {
      if !values[i].isFinite { return i }
      i += 1
    }
    return nil
  }

  /// The index of the first NaN or infinite value in `values`, or nil.
  public static func firstNonFinite(_ values: [Float]) -> Int? {
    values.withUnsafeBufferPointer { firstNonFinite($0) }
  }

  /// A new array of `count` little-endian Float32 values copied from `source`, with the index
  /// of its first NaN or infinite value (nil when all are finite).
  ///
  /// Arrays of at least `2 × minimumPerThread` values are cut into up to `threads` equal
  /// ranges copied at once; the new storage's pages are mapped ahead of the copy
  /// (`FreshPages`), which is most of the cost. The values and the index found do not depend
  /// on `threads`.
  ///
  /// With a `descriptor` (the open file that `source` maps, `source` lying at `offset` in it)
  /// the values are read with `pread` instead of through the mapping, which then need not be
  /// populated: about 8% less work than copying from a populated mapping.
  public static func array(
    littleEndian source: UnsafeRawPointer, count: Int, reading descriptor: Int32? = nil,
    at offset: Int = 0, threads: Int = Parallelism.threadCount, minimumPerThread: Int = 1 << 18
  ) -> (values: [Float], firstNonFinite: Int?) {
    let parts = max(1, min(threads, count / max(1, minimumPerThread)))
    var firstBad: Int?
    let values = [Float](unsafeUninitializedCapacity: count) { target, initialized in
      initialized = count  // every value is written below (Float is trivial)
      guard let base = target.baseAddress, count > 0 else { return }
      #if _endian(little)
        let file = descriptor.map { (descriptor: $0, offset: offset) }
      #else
        let file: (descriptor: Int32, offset: Int)? = nil
      #endif
      guard parts > 1 else {
        firstBad = copyPart(source, file, base, 0..<count)
        return
      }
      let found = UnsafeMutableBufferPointer<Int>.allocate(capacity: parts)
      found.initialize(repeating: Int.max)
      defer { found.deallocate() }
      let job = CopyJob(
        source: source, file: file, target: base, count: count, parts: parts, found: found)
      DispatchQueue.concurrentPerform(iterations: parts) { job.run(part: $0) }
      let first = found.min() ?? Int.max
      firstBad = first == Int.max ? nil : first
    }
    return (values, firstBad)
  }

  /// Copies `range` of the values, from the file when there is one, and gives the first bad
  /// index in it (counted from the start of `range`).
  static func copyPart(
    _ source: UnsafeRawPointer, _ file: (descriptor: Int32, offset: Int)?,
    _ target: UnsafeMutablePointer<Float>, _ range: Range<Int>
  ) -> Int? {
    if let file {
      return readIntoFreshPages(
        from: source + 4 * range.lowerBound, descriptor: file.descriptor,
        offset: file.offset + 4 * range.lowerBound, to: target + range.lowerBound,
        count: range.count)
    }
    return copyIntoFreshPages(
      from: source + 4 * range.lowerBound, to: target + range.lowerBound, count: range.count)
  }

  /// One parallel copy: part `p` copies its range and records its first bad index in its own
  /// slot of `found` (`Int.max` for none).
  private struct CopyJob: @unchecked Sendable {
    let source: UnsafeRawPointer
    let file: (descriptor: Int32, offset: Int)?
    let target: UnsafeMutablePointer<Float>
    let count: Int
    let parts: Int
    let found: UnsafeMutableBufferPointer<Int>

    func run(part: Int) {
      // Ranges start on multiples of 1024 values, so each part's stores begin page-aligned
      // relative to the array and no two parts write the same cache line.
      let step = (count / parts + 1023) & ~1023
      let lower = min(count, part * step)
      let upper = part == parts - 1 ? count : min(count, lower + step)
      guard lower < upper else { return }
      if let bad = FloatCopy.copyPart(source, file, target, lower..<upper) {
        found[part] = lower + bad
      }
    }
  }
}
