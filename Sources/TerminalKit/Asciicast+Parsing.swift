import TensorFiles

/// Reading asciicast v2 files, with bounded sizes and nesting.
extension Asciicast {
  /// The most events `init(parsing:)` accepts.
  public static let maximumEvents = 1_000_000
  /// The largest terminal width or height accepted in a header.
  public static let maximumDimension = 10_000
  /// The most `env` entries accepted in a header.
  static let maximumEnvironmentEntries = 256
  /// The deepest nesting of arrays and objects skipped in unknown header fields.
  static let maximumDepth = 32

  /// Reads an asciicast v2 file: a header object on the first line, then one
  /// `[time, code, data]` array per non-blank line. Unknown header fields are skipped.
  ///
  /// Throws `AsciicastError` naming the line for anything else: another version, a missing
  /// or out-of-range width or height, a negative or non-finite time, malformed JSON, more
  /// than `maximumEvents` events.
  public init(parsing bytes: [UInt8]) throws(AsciicastError) {
    var header: Header?
    var events: [Event] = []
    var lineNumber = 0
    var start = 0
    while start <= bytes.count {
      let end = bytes[start...].firstIndex(of: 0x0A) ?? bytes.count
      lineNumber += 1
      let line = bytes[start..<end]
      start = end + 1
      guard line.contains(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0D }) else { continue }
      if header == nil {
        header = try Self.parseHeader(line, lineNumber: lineNumber)
      } else {
        guard events.count < Self.maximumEvents else {
          throw AsciicastError(
            line: lineNumber, reason: "more than \(Self.maximumEvents) events")
        }
        events.append(try Self.parseEvent(line, lineNumber: lineNumber))
      }
    }
    guard let header else { throw AsciicastError(line: 1, reason: "no header line") }
    self.init(header: header, events: events)
  }

  /// Runs `body` with a scanner over one line, turning every error into an
  /// `AsciicastError` for that line and checking nothing follows the value.
  private static func scanning<Result>(
    _ line: ArraySlice<UInt8>, lineNumber: Int, _ body: (inout JSONScanner) throws -> Result
  ) throws(AsciicastError) -> Result {
    let outcome = line.withUnsafeBufferPointer { buffer in
      Swift.Result { () throws -> Result in
        var scanner = JSONScanner(buffer)
        let value = try body(&scanner)
        guard scanner.isAtEnd() else {
          throw AsciicastError(
            line: lineNumber, reason: "unexpected text after the value at byte \(scanner.offset)")
        }
        return value
      }
    }
    switch outcome {
    case .success(let value): return value
    case .failure(let error as AsciicastError): throw error
    case .failure(let error as JSONSyntaxError):
      throw AsciicastError(line: lineNumber, reason: error.description)
    case .failure(let error): throw AsciicastError(line: lineNumber, reason: "\(error)")
    }
  }

  private static func parseHeader(
    _ line: ArraySlice<UInt8>, lineNumber: Int
  ) throws(AsciicastError) -> Header {
    var version: Int?
    var width: Int?
    var height: Int?
    var timestamp: Int?
    var environment: [String: String] = [:]
    try scanning(line, lineNumber: lineNumber) { scanner in
      guard try scanner.peek() == UInt8(ascii: "{") else {
        throw AsciicastError(line: lineNumber, reason: "expected the header object")
      }
      try scanner.readObject { s, key in
        switch key {
        case "version": version = try s.readInt()
        case "width": width = try s.readInt()
        case "height": height = try s.readInt()
        case "timestamp":
          let value = try s.readDouble()
          guard value.isFinite, abs(value) < 1e15 else {
            throw AsciicastError(line: lineNumber, reason: "timestamp out of range")
          }
          timestamp = Int(value)
        case "env":
          guard try !s.readNullIfPresent() else { return }
          try s.readObject { s, name in
            guard environment.count < maximumEnvironmentEntries else {
              throw AsciicastError(
                line: lineNumber, reason: "more than \(maximumEnvironmentEntries) env entries")
            }
            if try !s.readNullIfPresent() { environment[name] = try s.readString() }
          }
        default: try skip(&s, depth: 0, lineNumber: lineNumber)
        }
      }
    }
    guard let version else { throw AsciicastError(line: lineNumber, reason: "no version") }
    guard version == 2 else {
      throw AsciicastError(line: lineNumber, reason: "expected version 2, found \(version)")
    }
    let size = 1...maximumDimension
    guard let width, size.contains(width), let height, size.contains(height) else {
      throw AsciicastError(
        line: lineNumber, reason: "width and height must be integers in 1...\(maximumDimension)")
    }
    return Header(width: width, height: height, timestamp: timestamp, environment: environment)
  }

  private static func parseEvent(
    _ line: ArraySlice<UInt8>, lineNumber: Int
  ) throws(AsciicastError) -> Event {
    try scanning(line, lineNumber: lineNumber) { scanner in
      var time: Double?
      var code: String?
      var data: String?
      guard try scanner.peek() == UInt8(ascii: "[") else {
        throw AsciicastError(line: lineNumber, reason: "expected an event [time, code, data]")
      }
      try scanner.readArray { s, index in
        switch index {
        case 0: time = try s.readDouble()
        case 1: code = try s.readString()
        case 2: data = try s.readString()
        default:
          throw AsciicastError(line: lineNumber, reason: "an event has 3 elements, found more")
        }
      }
      guard let time, let code, let data else {
        throw AsciicastError(line: lineNumber, reason: "an event has 3 elements, found fewer")
      }
      guard time.isFinite, time >= 0 else {
        throw AsciicastError(line: lineNumber, reason: "event time must be a number >= 0")
      }
      return Event(time: time, code: code, data: data)
    }
  }

  /// Skips one value, refusing nesting deeper than `maximumDepth`.
  private static func skip(_ s: inout JSONScanner, depth: Int, lineNumber: Int) throws {
    guard depth < maximumDepth else {
      throw AsciicastError(line: lineNumber, reason: "nested deeper than \(maximumDepth)")
    }
    switch try s.peek() {
    case UInt8(ascii: "{"):
      try s.readObject { s, _ in try skip(&s, depth: depth + 1, lineNumber: lineNumber) }
    case UInt8(ascii: "["):
      try s.readArray { s, _ in try skip(&s, depth: depth + 1, lineNumber: lineNumber) }
    default: try s.skipValue()
    }
  }
}
