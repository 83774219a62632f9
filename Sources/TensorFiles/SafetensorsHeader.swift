/// The header of a safetensors file, parsed and checked against the file's size: every
/// tensor's offsets lie inside the data section and match its shape and dtype, with overflow
/// checks, before anything is allocated for the data. Knows nothing about what the tensors mean.
public struct SafetensorsHeader: Sendable {
  /// One tensor's entry.
  public struct Entry: Sendable, Equatable {
    public var dtype: String
    public var shape: [Int]
    /// Byte range inside the data section.
    public var begin: Int
    public var end: Int
    /// The element count of `shape`.
    public var count: Int
  }

  /// The `__metadata__` strings.
  public var metadata: [String: String]
  /// The tensors by name, and their names in file order.
  public var entries: [String: Entry]
  public var names: [String]
  /// Where the data section starts in the file (8 + header length).
  public var dataStart: Int

  /// The bytes per element of the dtypes whose sizes this parser checks.
  public static let elementSizes: [String: Int] = [
    "F64": 8, "F32": 4, "F16": 2, "BF16": 2, "I64": 8, "I32": 4, "I16": 2, "I8": 1, "U64": 8,
    "U32": 4, "U16": 2, "U8": 1, "BOOL": 1, "F8_E4M3": 1, "F8_E5M2": 1,
  ]

  /// Parses the header of the file `bytes` (the whole file, or a mapping of it).
  public init(_ bytes: UnsafeBufferPointer<UInt8>) throws(SafetensorsError) {
    guard bytes.count >= 8 else {
      throw .badHeader("the file has \(bytes.count) bytes, fewer than the 8-byte header length")
    }
    var length: UInt64 = 0
    for i in (0..<8).reversed() { length = length << 8 | UInt64(bytes[i]) }
    guard length <= UInt64(bytes.count - 8) else {
      throw .badHeader(
        "the header length \(length) runs past the end of the file (\(bytes.count) bytes)")
    }
    dataStart = 8 + Int(length)
    let dataSize = bytes.count - dataStart
    var metadata: [String: String] = [:]
    var raw: [(name: String, dtype: String?, shape: [Int]?, offsets: [Int]?)] = []
    do {
      var s = JSONScanner(UnsafeBufferPointer(rebasing: bytes[0..<dataStart]), offset: 8)
      try s.readObject { s, key in
        if key == "__metadata__" {
          try s.readObject { s, key in metadata[key] = try s.readString() }
          return
        }
        var entry: (name: String, dtype: String?, shape: [Int]?, offsets: [Int]?) = (
          key, nil, nil, nil
        )
        try s.readObject { s, field in
          switch field {
          case "dtype": entry.dtype = try s.readString()
          case "shape": entry.shape = try s.readIntArray()
          case "data_offsets": entry.offsets = try s.readIntArray()
          default: try s.skipValue()
          }
        }
        raw.append(entry)
      }
      guard s.isAtEnd() else {
        throw JSONSyntaxError.malformed(offset: s.offset, expected: "the end of the header")
      }
    } catch let error as JSONSyntaxError {
      throw .malformedJSON(error)
    } catch {
      throw .badHeader("\(error)")
    }
    self.metadata = metadata
    var entries: [String: Entry] = [:]
    for (name, dtype, shape, offsets) in raw {
      guard let dtype else { throw .missingField(tensor: name, field: "dtype") }
      guard let shape else { throw .missingField(tensor: name, field: "shape") }
      guard let offsets else { throw .missingField(tensor: name, field: "data_offsets") }
      guard offsets.count == 2 else {
        throw .badOffsets(tensor: name, reason: "expected [begin, end], got \(offsets)")
      }
      let (begin, end) = (offsets[0], offsets[1])
      guard begin >= 0, begin <= end else {
        throw .badOffsets(tensor: name, reason: "\(offsets) is not a valid range")
      }
      guard end <= dataSize else {
        throw .truncated(tensor: name, end: dataStart + end, fileSize: bytes.count)
      }
      guard let count = Self.checkedCount(of: shape) else {
        throw .badOffsets(tensor: name, reason: "shape \(shape) is not a valid shape")
      }
      if let size = Self.elementSizes[dtype] {
        let (needed, overflow) = count.multipliedReportingOverflow(by: size)
        guard !overflow, needed == end - begin else {
          throw .badOffsets(
            tensor: name,
            reason: "\(offsets) spans \(end - begin) bytes but \(dtype) shape \(shape) needs "
              + (overflow ? "more than the file" : "\(needed)"))
        }
      }
      guard entries[name] == nil else { throw .badHeader("tensor \(excerpt(name)) appears twice") }
      entries[name] = Entry(dtype: dtype, shape: shape, begin: begin, end: end, count: count)
    }
    self.entries = entries
    names = raw.map(\.name)
  }

  /// The element count of `shape`, or `nil` for a negative axis or an overflowing product.
  public static func checkedCount(of shape: [Int]) -> Int? { checkedElementCount(of: shape) }

  /// The values of a F32, F16 or BF16 tensor as Float32 (F16 and BF16 widened exactly);
  /// `nil` for any other dtype.
  public func floats(_ entry: Entry, in bytes: UnsafeBufferPointer<UInt8>) -> [Float]? {
    checkedFloats(entry, in: bytes)?.values
  }

  /// The values of a F32, F16 or BF16 tensor as Float32 (as `floats`), with the index of the
  /// first NaN or infinite value (nil when all are finite); `nil` for any other dtype.
  ///
  /// F32 data is copied and checked in one pass, a large tensor on up to `threads` threads
  /// (`FloatCopy.array`), read with `pread` from `descriptor` when `bytes` is a mapping of
  /// that open file (`FileBytes.withMappedFile`); the result does not depend on either.
  public func checkedFloats(
    _ entry: Entry, in bytes: UnsafeBufferPointer<UInt8>, descriptor: Int32? = nil,
    threads: Int = Parallelism.threadCount
  ) -> (values: [Float], firstNonFinite: Int?)? {
    let start = dataStart + entry.begin
    guard let base = bytes.baseAddress, start + (entry.end - entry.begin) <= bytes.count else {
      return nil
    }
    let raw = UnsafeRawPointer(base + start)
    let values: [Float]
    switch entry.dtype {
    case "F32":
      // The data section is little-endian; copied with its bits unchanged.
      return FloatCopy.array(
        littleEndian: raw, count: entry.count, reading: descriptor, at: start, threads: threads)
    case "F16":
      values = (0..<entry.count).map {
        Self.halfToFloat(
          UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: 2 * $0, as: UInt16.self)))
      }
    case "BF16":
      values = (0..<entry.count).map {
        let bits = UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: 2 * $0, as: UInt16.self))
        return Float(bitPattern: UInt32(bits) << 16)
      }
    default: return nil
    }
    return (values, FloatCopy.firstNonFinite(values))
  }

  /// IEEE 754 binary16 bits widened to Float32 exactly (subnormals, infinities, NaN kept).
  public static func halfToFloat(_ h: UInt16) -> Float {
    let sign = UInt32(h & 0x8000) << 16
    let exponent = Int(h >> 10) & 0x1F
    let mantissa = UInt32(h & 0x3FF)
    if exponent == 0x1F { return Float(bitPattern: sign | 0x7F80_0000 | mantissa << 13) }
    if exponent == 0 {
      // Subnormal (or zero): mantissa · 2^-24, exact in Float32.
      let magnitude = Float(mantissa) * Float(sign: .plus, exponent: -24, significand: 1)
      return sign != 0 ? -magnitude : magnitude
    }
    return Float(bitPattern: sign | UInt32(exponent - 15 + 127) << 23 | mantissa << 13)
  }
}

extension SafetensorsHeader {
  /// The 8-byte length and JSON header of a safetensors file whose data section holds
  /// `tensors` back to back in order, padded with spaces to a multiple of 8 bytes; metadata
  /// keys sorted. The caller appends each tensor's `byteCount` bytes after it.
  public static func encode(
    metadata: [String: String],
    tensors: [(name: String, dtype: String, shape: [Int], byteCount: Int)]
  ) -> [UInt8] {
    var w = JSONWriter()
    w.raw("{\"__metadata__\": {")
    for (i, key) in metadata.keys.sorted().enumerated() {
      if i > 0 { w.raw(", ") }
      w.key(key)
      w.string(metadata[key] ?? "")
    }
    w.raw("}")
    var offset = 0
    for tensor in tensors {
      w.raw(", ")
      w.key(tensor.name)
      w.raw("{\"dtype\": ")
      w.string(tensor.dtype)
      w.raw(", \"shape\": ")
      w.ints(tensor.shape)
      w.raw(", \"data_offsets\": ")
      w.ints([offset, offset + tensor.byteCount])
      w.raw("}")
      offset += tensor.byteCount
    }
    w.raw("}")
    var header = w.bytes
    while header.count % 8 != 0 { header.append(UInt8(ascii: " ")) }
    var out: [UInt8] = []
    out.reserveCapacity(8 + header.count)
    withUnsafeBytes(of: UInt64(header.count).littleEndian) { out.append(contentsOf: $0) }
    out += header
    return out
  }
}
