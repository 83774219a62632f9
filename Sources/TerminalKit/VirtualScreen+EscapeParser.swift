extension VirtualScreen {
  /// A control sequence `CSI [?] params final`, e.g. `ESC [ 12 ; 3 H`.
  struct ControlSequence: Sendable {
    /// Whether the parameters start with `?` (a DEC private mode).
    var isPrivate = false
    /// The numeric parameters; an empty one is `nil` (its default applies).
    var parameters: [Int?] = []
    /// The final character, e.g. `H`, `K`, `m`.
    var final: Unicode.Scalar = " "

    /// Parameter `index`, or `fallback` when it is missing, empty or 0 where 0 means default.
    func parameter(_ index: Int, default fallback: Int, zeroIsDefault: Bool = true) -> Int {
      guard index < parameters.count, let value = parameters[index] else { return fallback }
      return value == 0 && zeroIsDefault ? fallback : value
    }
  }

  /// What one scalar of input amounts to.
  enum Action: Sendable {
    case none
    case print(Unicode.Scalar)
    case control(Unicode.Scalar)
    case csi(ControlSequence)
  }

  /// The escape-sequence state machine, one scalar at a time; parameters are bounded (at
  /// most 16, each at most 99 999) so a hostile stream cannot grow it.
  struct EscapeParser: Sendable {
    enum State: Sendable { case ground, escape, escapeIntermediate, csi, string }
    var state = State.ground
    var sequence = ControlSequence()
    var digits: Int?
    var length = 0

    mutating func consume(_ scalar: Unicode.Scalar) -> Action {
      switch state {
      case .ground:
        if scalar == "\u{1B}" {
          state = .escape
          return .none
        }
        if scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) { return .control(scalar) }
        return .print(scalar)
      case .escape:
        switch scalar {
        case "[":
          state = .csi
          sequence = ControlSequence()
          digits = nil
          length = 0
        case "]", "P", "_", "^": state = .string  // OSC, DCS, APC, PM: skipped to ST/BEL
        case "\u{20}"..."\u{2F}": state = .escapeIntermediate  // e.g. ESC ( B
        default: state = .ground  // two-character escapes (ESC 7, ESC =, ...) are ignored
        }
        return .none
      case .escapeIntermediate:
        if !(0x20...0x2F).contains(scalar.value) { state = .ground }
        return .none
      case .string:
        if scalar == "\u{07}" || scalar == "\\" { state = .ground }
        return .none
      case .csi:
        length += 1
        switch scalar.value {
        case 0x30...0x39:
          let digit = Int(scalar.value - 0x30)
          digits = Swift.min(99_999, (digits ?? 0) * 10 + digit)
        case 0x3B:
          if sequence.parameters.count < 16 { sequence.parameters.append(digits) }
          digits = nil
        case 0x3C...0x3F:
          if length == 1 && scalar == "?" { sequence.isPrivate = true }
        case 0x40...0x7E:
          if sequence.parameters.count < 16 { sequence.parameters.append(digits) }
          sequence.final = scalar
          state = .ground
          return .csi(sequence)
        case 0x20...0x2F:
          break  // intermediate bytes
        default:
          state = .ground  // malformed: drop the sequence
        }
        return .none
      }
    }
  }
}
