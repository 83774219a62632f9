/// Something that sees every chunk a `TerminalWriter` writes, e.g. an `AsciicastRecorder`
/// teeing the session into a recording.
public protocol TerminalOutputObserver: AnyObject, Sendable {
  /// Called with each chunk after it has been written completely, in order.
  func terminalWrote(_ bytes: [UInt8])
}
