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
    var pending: TerminalEvent?
    try draw(writer)
    while true {
      let timeout = nextAdvance.map { max(.zero, $0 - ContinuousClock.now) }
      let event: TerminalEvent
      if let waiting = pending {
        event = waiting
        pending = nil
      } else {
        event = try reader.nextEvent(timeout: timeout)
      }
      var pageChanged = false
      switch event {
      case .endOfInput: return
      case .resize: try draw(writer)
      case .timeout:
        guard let seconds = autoplay else { continue }
        pageChanged = viewer.advance()
        nextAdvance = ContinuousClock.now + .seconds(seconds)
      case .key(let key):
        switch viewer.handle(key) {
        case .quit: return
        case .nothing: continue
        case .redraw: try draw(writer)
        case .pageChanged: pageChanged = true
        }
        if let seconds = autoplay { nextAdvance = ContinuousClock.now + .seconds(seconds) }
      }
      if pageChanged {
        if animation { pending = try animate(writer, &reader) }
        try draw(writer)
      }
    }
  }

  /// Plays the current page's animation; returns the event that cut it short, if any.
  mutating func animate(_ writer: TerminalWriter, _ reader: inout KeyReader) throws
    -> TerminalEvent?
  {
    for revealed in viewer.animationSteps() {
      try draw(writer, revealed: revealed)
      let event = try reader.nextEvent(timeout: .milliseconds(25))
      if event != .timeout { return event }
    }
    return nil
  }

  /// Redraws the whole screen at the terminal's current size.
  mutating func draw(_ writer: TerminalWriter, revealed: Int? = nil) throws {
    let size = Terminal.size() ?? (columns: 80, rows: 24)
    let width = max(20, fixedWidth.map { min($0, size.columns) } ?? size.columns)
    let encoder = ANSIEncoder(level: level)
    viewer.fit(width: width, height: max(3, size.rows))
    let frame = viewer.frame(width: width, height: max(3, size.rows), revealed: revealed)
    try writer.writeFrame(lines: frame.map { encoder.encode($0) })
  }
}
