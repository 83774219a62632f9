/// Decodes raw terminal input bytes into `Key`s, one chunk at a time.
///
/// The parser is a pure value: it keeps the bytes of an incomplete escape sequence or UTF-8
/// character between calls to `feed(_:)`, so sequences split across reads decode correctly.
/// A lone Escape cannot be told apart from the start of a sequence until time passes, so it stays
/// pending until the reader calls `flushPending()` after a short quiet period (about 50 ms).
public struct KeyParser: Sendable {
  /// The longest CSI sequence accepted before the bytes are reported as `.unknown`.
  static let maximumSequenceLength = 32

  /// Bytes received but not yet decoded (an incomplete sequence or character).
  public private(set) var pendingBytes: [UInt8] = []

  /// Creates a parser with nothing pending.
  public init() {}

  /// Whether some bytes are waiting for more input (or for `flushPending()`).
  public var hasPending: Bool { !pendingBytes.isEmpty }

  /// Appends `bytes` to the pending input and returns every key that is now complete.
  public mutating func feed(_ bytes: [UInt8]) -> [Key] {
    pendingBytes.append(contentsOf: bytes)
    return decode(isFinal: false)
  }

  /// Decodes everything pending as if no more bytes will follow.
  ///
  /// A pending lone ESC becomes `.escape`; an incomplete sequence becomes `.escape` followed by
  /// its remaining bytes as ordinary keys; an incomplete UTF-8 character becomes `.unknown`.
  public mutating func flushPending() -> [Key] {
    decode(isFinal: true)
  }

  /// Decodes as many keys as possible from `pendingBytes`, keeping an incomplete tail.
  private mutating func decode(isFinal: Bool) -> [Key] {
    var keys: [Key] = []
    var index = 0
    let bytes = pendingBytes
    while index < bytes.count {
      switch Self.decodeOne(bytes, at: index, isFinal: isFinal) {
      case .key(let key, let length):
        keys.append(key)
        index += length
      case .incomplete:
        pendingBytes = Array(bytes[index...])
        return keys
      }
    }
    pendingBytes = []
    return keys
  }

  /// The outcome of decoding at one position.
  private enum Step {
    case key(Key, length: Int)
    case incomplete
  }

  /// Decodes the key starting at `index`.
  private static func decodeOne(_ bytes: [UInt8], at index: Int, isFinal: Bool) -> Step {
    let byte = bytes[index]
    switch byte {
    case 0x1b:
      return decodeEscape(bytes, at: index, isFinal: isFinal)
    case 0x0d, 0x0a:
      return .key(.enter, length: 1)
    case 0x7f, 0x08:
      return .key(.backspace, length: 1)
    case 0x09:
      return .key(.tab, length: 1)
    case 0x00:
      return .key(.control("@"), length: 1)
    case 0x01...0x1a:
      return .key(.control(Character(Unicode.Scalar(byte + 0x60))), length: 1)
    case 0x1c...0x1f:
      return .key(.control(Character(Unicode.Scalar(byte + 0x40))), length: 1)
    case 0x20...0x7e:
      return .key(.character(Character(Unicode.Scalar(byte))), length: 1)
    default:
      return decodeUTF8(bytes, at: index, isFinal: isFinal)
    }
  }

  /// Decodes an escape sequence (CSI or SS3) or a lone ESC starting at `index`.
  private static func decodeEscape(_ bytes: [UInt8], at index: Int, isFinal: Bool) -> Step {
    guard index + 1 < bytes.count else {
      return isFinal ? .key(.escape, length: 1) : .incomplete
    }
    switch bytes[index + 1] {
    case UInt8(ascii: "["):
      return decodeCSI(bytes, at: index, isFinal: isFinal)
    case UInt8(ascii: "O"):
      guard index + 2 < bytes.count else {
        return isFinal ? .key(.escape, length: 1) : .incomplete
      }
      let final = bytes[index + 2]
      guard (0x40...0x7e).contains(final) else { return .key(.escape, length: 1) }
      let key = navigationKey(final: final) ?? .unknown(Array(bytes[index...(index + 2)]))
      return .key(key, length: 3)
    default:
      // ESC followed by anything else: a lone Escape (Alt-x arrives as Escape then x).
      return .key(.escape, length: 1)
    }
  }

  /// Decodes `ESC [ params intermediates final` starting at `index` (which holds the ESC).
  private static func decodeCSI(_ bytes: [UInt8], at index: Int, isFinal: Bool) -> Step {
    var cursor = index + 2
    while cursor < bytes.count {
      let byte = bytes[cursor]
      let length = cursor - index + 1
      if (0x40...0x7e).contains(byte) {
        let sequence = Array(bytes[index..<(index + length)])
        let parameters = Array(bytes[(index + 2)..<cursor])
        let key = csiKey(parameters: parameters, final: byte) ?? .unknown(sequence)
        return .key(key, length: length)
      }
      guard (0x20...0x3f).contains(byte), length < maximumSequenceLength else {
        // Not a valid CSI byte (or far too long): report what we have, resume at this byte.
        return .key(.unknown(Array(bytes[index..<cursor])), length: cursor - index)
      }
      cursor += 1
    }
    return isFinal ? .key(.escape, length: 1) : .incomplete
  }

  /// Maps the final byte of a CSI or SS3 sequence without a `~` to a navigation key.
  private static func navigationKey(final: UInt8) -> Key? {
    switch final {
    case UInt8(ascii: "A"): return .up
    case UInt8(ascii: "B"): return .down
    case UInt8(ascii: "C"): return .right
    case UInt8(ascii: "D"): return .left
    case UInt8(ascii: "H"): return .home
    case UInt8(ascii: "F"): return .end
    case UInt8(ascii: "M"): return .enter  // keypad Enter in application mode (SS3 M)
    default: return nil
    }
  }

  /// Maps CSI parameters and final byte to a key; `nil` for sequences the viewer ignores.
  private static func csiKey(parameters: [UInt8], final: UInt8) -> Key? {
    if final == UInt8(ascii: "Z") { return .backTab }
    if final == UInt8(ascii: "M") { return nil }  // mouse reports are not keys
    if final != UInt8(ascii: "~") { return navigationKey(final: final) }
    // `ESC [ n ~` or `ESC [ n ; modifier ~`: the first parameter names the key.
    let first = parameters.prefix { $0 != UInt8(ascii: ";") }
    guard !first.isEmpty, first.allSatisfy({ (0x30...0x39).contains($0) }),
      first.count <= 3
    else { return nil }
    let number = first.reduce(0) { $0 * 10 + Int($1 - 0x30) }
    switch number {
    case 1, 7: return .home
    case 2: return .insert
    case 3: return .delete
    case 4, 8: return .end
    case 5: return .pageUp
    case 6: return .pageDown
    default: return nil
    }
  }

  /// Decodes a multi-byte UTF-8 character starting at `index`.
  private static func decodeUTF8(_ bytes: [UInt8], at index: Int, isFinal: Bool) -> Step {
    let lead = bytes[index]
    let length: Int
    switch lead {
    case 0xc2...0xdf: length = 2
    case 0xe0...0xef: length = 3
    case 0xf0...0xf4: length = 4
    default: return .key(.unknown([lead]), length: 1)
    }
    var end = index + 1
    while end < index + length {
      guard end < bytes.count else {
        return isFinal ? .key(.unknown(Array(bytes[index...])), length: end - index) : .incomplete
      }
      guard (0x80...0xbf).contains(bytes[end]) else {
        return .key(.unknown(Array(bytes[index..<end])), length: end - index)
      }
      end += 1
    }
    let encoded = Array(bytes[index..<end])
    guard let text = String(validating: encoded, as: UTF8.self), let character = text.first
    else { return .key(.unknown(encoded), length: length) }
    return .key(.character(character), length: length)
  }
}
