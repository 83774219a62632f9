import TensorFiles

/// Writing asciicast v2 lines with the project's JSON writer.
extension Asciicast {
  /// The whole recording as the bytes of an asciicast v2 file.
  public func encoded() -> [UInt8] {
    var writer = JSONWriter()
    Self.writeHeader(header, to: &writer)
    for event in events { Self.writeEvent(event, to: &writer) }
    return writer.bytes
  }

  /// Appends the header line (with its line feed): `version`, `width`, `height`, then
  /// `timestamp` and `env` when present, keys of `env` sorted.
  static func writeHeader(_ header: Header, to writer: inout JSONWriter) {
    writer.raw("{\"version\": 2, \"width\": ")
    writer.int(header.width)
    writer.raw(", \"height\": ")
    writer.int(header.height)
    if let timestamp = header.timestamp {
      writer.raw(", \"timestamp\": ")
      writer.int(timestamp)
    }
    if !header.environment.isEmpty {
      writer.raw(", \"env\": {")
      for (index, name) in header.environment.keys.sorted().enumerated() {
        if index > 0 { writer.raw(", ") }
        writer.key(name)
        writer.string(header.environment[name] ?? "")
      }
      writer.raw("}")
    }
    writer.raw("}\n")
  }

  /// Appends one event line (with its line feed): `[time, "code", "data"]`, the text
  /// JSON-escaped (control characters as `\u00XX`, non-ASCII as UTF-8).
  static func writeEvent(_ event: Event, to writer: inout JSONWriter) {
    writer.raw("[")
    writer.raw(bytes: seconds(event.time).utf8)
    writer.raw(", ")
    writer.string(event.code)
    writer.raw(", ")
    writer.string(event.data)
    writer.raw("]\n")
  }

  /// `time` in seconds with six decimals (microseconds), e.g. `1.250000`; negative, NaN or
  /// infinite times are written as `0.000000`.
  static func seconds(_ time: Double) -> String {
    let limit = Double(Int64.max / 2) / 1e6
    let clamped = time.isFinite ? Swift.min(Swift.max(time, 0), limit) : 0
    let micros = Int64((clamped * 1e6).rounded())
    let fraction = String(micros % 1_000_000)
    return "\(micros / 1_000_000)." + String(repeating: "0", count: 6 - fraction.count) + fraction
  }
}
