import Foundation
import TerminalKit
import Walkthrough

/// The interactive terminal loop: raw mode, keys to the viewer, frames to the screen.
///
/// The terminal is restored however the loop ends (see `TerminalSession`).
struct WalkthroughLoop {
  var viewer: WalkthroughViewer
  let level: ColorLevel
  let fixedWidth: Int?
  let autoplay: Double?
  let animation: Bool

  mutating func run() throws {
    let session = TerminalSession()
    try session.start()
    defer { session.restore() }
    var reader = KeyReader()
    let writer = TerminalWriter()
    var nextAdvance = autoplay.map { ContinuousClock.now + .seconds($0) }
    try draw(writer)
    while true {
      let timeout = nextAdvance.map { max(.zero, $0 - ContinuousClock.now) }
      switch try reader.nextEvent(timeout: timeout) {
      case .endOfInput: return
      case .resize: try draw(writer)
      case .timeout:
        guard let seconds = autoplay else { continue }
        if viewer.advance() { try draw(writer) }
        nextAdvance = ContinuousClock.now + .seconds(seconds)
      case .key(let key):
        switch viewer.handle(key) {
        case .quit: return
        case .nothing: continue
        case .redraw, .pageChanged: try draw(writer)
        }
        if let seconds = autoplay { nextAdvance = ContinuousClock.now + .seconds(seconds) }
      }
    }
  }

  /// Redraws the whole screen at the terminal's current size.
  func draw(_ writer: TerminalWriter) throws {
    let size = Terminal.size() ?? (columns: 80, rows: 24)
    let width = fixedWidth.map { min($0, size.columns) } ?? size.columns
    let encoder = ANSIEncoder(level: level)
    let lines = viewer.frame(width: max(20, width), height: max(3, size.rows)).map { encoder.encode($0) }
    try writer.writeFrame(lines: lines)
  }
}
