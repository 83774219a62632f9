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
  /// The terminal keys are read from (standard input, or /dev/tty when the prompt came from
  /// standard input).
  var keyInput: Int32 = STDIN_FILENO
  /// Records a new walkthrough with the lab's settings (nil: a replayed trace, no lab).
  var rerun: ((LabSettings) throws -> Walkthrough)?

  /// Runs the walkthrough until the reader quits; with `recordingTo`, records every frame as
  /// an asciicast v2 file there (written when the loop ends; with `autoplay`, the loop then
  /// ends after the last page).
  mutating func run(recordingTo path: String? = nil, replacing: Bool = false) throws {
    let session = TerminalSession(input: keyInput)
    try session.start()
    defer { session.restore() }
    let recorder = try path.map { path in
      let size = Terminal.size() ?? (columns: 80, rows: 24)
      let environment = ProcessInfo.processInfo.environment
      let header = Asciicast.Header(
        width: size.columns, height: size.rows, timestamp: Int(Date().timeIntervalSince1970),
        environment: environment["TERM"].map { ["TERM": $0] } ?? [:])
      return try AsciicastRecorder(path: path, replacing: replacing, header: header)
    }
    recorder?.terminalWrote(Array(TerminalControl.sessionStart.utf8))
    try loop(writer: TerminalWriter(observer: recorder), recorder: recorder, session: session)
    try recorder?.finish()
  }

  private mutating func loop(
    writer: TerminalWriter, recorder: AsciicastRecorder?, session: TerminalSession
  ) throws {
    var reader = KeyReader(fileDescriptor: keyInput)
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
      case .resize:
        if let recorder, let size = Terminal.size() {
          recorder.record(code: "r", data: "\(size.columns)x\(size.rows)")
        }
        try draw(writer)
      case .timeout:
        guard let seconds = autoplay else { continue }
        nextAdvance = ContinuousClock.now + .seconds(seconds)
        let screen = screenSize()
        switch viewer.autoplayStep(width: screen.width, height: screen.height) {
        case nil: if recorder != nil { return }  // a recording ends after the last page
        case .pageChanged: pageChanged = true
        case .redraw: try draw(writer)
        default: break
        }
      case .key(let key):
        switch viewer.handle(key) {
        case .quit: return
        case .nothing: continue
        case .redraw: try draw(writer)
        case .pageChanged: pageChanged = true
        case .suspend:
          session.suspend()
          try draw(writer)
        case .rerun(let settings):
          rerun(settings)
          try draw(writer)
        }
        if let seconds = autoplay { nextAdvance = ContinuousClock.now + .seconds(seconds) }
      }
      if pageChanged {
        if animation { pending = try animate(writer, &reader) }
        try draw(writer)
      }
    }
  }

  /// Has the command layer record a new trace with `settings` and shows it on the same page,
  /// layer and head; a failure is one line in the status line and the old trace stays.
  mutating func rerun(_ settings: LabSettings) {
    guard let rerun else { return }
    do {
      viewer.replace(walkthrough: try rerun(settings))
    } catch {
      viewer.rerunFailed("\(error)")
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

  /// The width pages are laid out at and the screen's height.
  func screenSize() -> (width: Int, height: Int) {
    let size = Terminal.size() ?? (columns: 80, rows: 24)
    return (max(1, fixedWidth.map { min($0, size.columns) } ?? size.columns), max(3, size.rows))
  }

  /// Redraws the whole screen at the terminal's current size.
  mutating func draw(_ writer: TerminalWriter, revealed: Int? = nil) throws {
    let size = Terminal.size() ?? (columns: 80, rows: 24)
    let width = max(1, fixedWidth.map { min($0, size.columns) } ?? size.columns)
    let encoder = ANSIEncoder(level: level)
    viewer.fit(width: width, height: max(3, size.rows))
    let frame = viewer.frame(width: width, height: max(3, size.rows), revealed: revealed)
    try writer.writeFrame(lines: frame.map { encoder.encode($0) })
  }
}
