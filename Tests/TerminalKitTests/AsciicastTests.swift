import Foundation
import TensorFiles
import Testing

@testable import TerminalKit

#if canImport(Glibc)
  import Glibc
#endif

/// asciicast v2: the exact lines written, parsing and its refusals, and a recorded session
/// replayed into the virtual screen.
@Suite struct AsciicastTests {
  static func temporaryPath(_ name: String) -> String {
    NSTemporaryDirectory() + "asciicast-test-\(getpid())-\(name).cast"
  }

  @Test func linesAreExactJSON() {
    let cast = Asciicast(
      header: .init(
        width: 80, height: 24, timestamp: 1_764_635_000,
        environment: ["TERM": "xterm-256color", "SHELL": "/bin/sh"]),
      events: [
        Asciicast.Event(time: 0, data: "\u{1B}[?25l"),
        Asciicast.Event(time: 1.25, data: "a\"b\\c\r\n\t\u{7}é日\u{7F}"),
        Asciicast.Event(time: 12.3456789, code: "m", data: ""),
      ])
    let text = String(decoding: cast.encoded(), as: UTF8.self)
    let expected = """
      {"version": 2, "width": 80, "height": 24, "timestamp": 1764635000, "env": {"SHELL": "/bin/sh", "TERM": "xterm-256color"}}
      [0.000000, "o", "\\u001b[?25l"]
      [1.250000, "o", "a\\"b\\\\c\\r\\n\\t\\u0007é日\u{7F}"]
      [12.345679, "m", ""]

      """
    #expect(text == expected)
    let minimal = Asciicast(header: .init(width: 3, height: 2), events: [])
    #expect(
      String(decoding: minimal.encoded(), as: UTF8.self)
        == "{\"version\": 2, \"width\": 3, \"height\": 2}\n")
  }

  @Test func timesAreSecondsWithSixDecimals() {
    #expect(Asciicast.seconds(0) == "0.000000")
    #expect(Asciicast.seconds(0.0000004) == "0.000000")
    #expect(Asciicast.seconds(0.0000005) == "0.000001")
    #expect(Asciicast.seconds(3600.5) == "3600.500000")
    #expect(Asciicast.seconds(-2) == "0.000000")
    #expect(Asciicast.seconds(.nan) == "0.000000")
  }

  @Test func parsesWhatItWritesAndFilesFromElsewhere() throws {
    let cast = Asciicast(
      header: .init(width: 40, height: 10, timestamp: 5, environment: ["TERM": "xterm"]),
      events: [
        Asciicast.Event(time: 0.5, data: "x\u{1B}[0m\u{1}\"é"),
        Asciicast.Event(time: 2, code: "i", data: "q"),
      ])
    #expect(try Asciicast(parsing: cast.encoded()) == cast)
    // A file as asciinema writes it: extra header fields, floats, escapes, a blank last line.
    let foreign = """
      {"version":2,"width":100,"height":30,"timestamp":1504467315.0,"idle_time_limit":2.5,\
      "title":"demo","env":{"SHELL":null,"TERM":"xterm"},"theme":{"fg":"#d0d0d0","palette":[["#000"]]}}
      [0.248848,"o","\\u001b[1;31mHello \\u001b[32mWorld!\\u001b[0m\\n"]
      [1.001376,"o","\\ud83d\\ude00 done\\r\\n"]

      """
    let parsed = try Asciicast(parsing: Array(foreign.utf8))
    #expect(
      parsed.header
        == .init(width: 100, height: 30, timestamp: 1_504_467_315, environment: ["TERM": "xterm"]))
    #expect(parsed.events.map(\.time) == [0.248848, 1.001376])
    #expect(parsed.output == "\u{1B}[1;31mHello \u{1B}[32mWorld!\u{1B}[0m\n😀 done\r\n")
  }

  @Test(arguments: [
    ("", "asciicast line 1: no header line"),
    (
      "{\"version\": 1, \"width\": 80, \"height\": 24}",
      "asciicast line 1: expected version 2, found 1"
    ),
    (
      "{\"version\": 2, \"width\": 0, \"height\": 24}",
      "asciicast line 1: width and height must be integers in 1...10000"
    ),
    (
      "{\"version\": 2, \"height\": 24}",
      "asciicast line 1: width and height must be integers in 1...10000"
    ),
    ("[1, \"o\", \"x\"]", "asciicast line 1: expected the header object"),
    (
      "{\"version\": 2, \"width\": 8, \"height\": 2}\n[-1, \"o\", \"x\"]",
      "asciicast line 2: event time must be a number >= 0"
    ),
    (
      "{\"version\": 2, \"width\": 8, \"height\": 2}\n\n[1, \"o\"]",
      "asciicast line 3: an event has 3 elements, found fewer"
    ),
    (
      "{\"version\": 2, \"width\": 8, \"height\": 2}\n[1, \"o\", \"x\", 4]",
      "asciicast line 2: an event has 3 elements, found more"
    ),
    (
      "{\"version\": 2, \"width\": 8, \"height\": 2}\n[1, \"o\", \"x\"] junk",
      "asciicast line 2: unexpected text after the value at byte 14"
    ),
    (
      "{\"version\": 2, \"width\": 8, \"height\": 2}\n[1, \"o\", \"x",
      "asciicast line 2: the JSON ends early at byte 11 (truncated file?)"
    ),
  ])
  func refusesBadFilesWithTheLine(text: String, message: String) {
    #expect(throws: AsciicastError.self) { try Asciicast(parsing: Array(text.utf8)) }
    do {
      _ = try Asciicast(parsing: Array(text.utf8))
    } catch {
      #expect(error.description == message)
    }
  }

  @Test func deepNestingInAHeaderIsRefusedNotRecursedInto() {
    let deep = String(repeating: "[", count: 100_000)
    let text = "{\"version\": 2, \"width\": 8, \"height\": 2, \"x\": \(deep)"
    do {
      _ = try Asciicast(parsing: Array(text.utf8))
      Issue.record("accepted")
    } catch {
      #expect(error.description == "asciicast line 1: nested deeper than 32")
    }
  }

  @Test func recorderKeepsCharactersWholeAcrossChunks() throws {
    #expect(AsciicastRecorder.completeUTF8Prefix(Array("ab".utf8)) == 2)
    let snowman = Array("☃".utf8)  // E2 98 83
    #expect(AsciicastRecorder.completeUTF8Prefix([0x61] + snowman.prefix(2)) == 1)
    #expect(AsciicastRecorder.completeUTF8Prefix([0x61] + snowman) == 4)
    #expect(AsciicastRecorder.completeUTF8Prefix([0x61, 0xF0, 0x9F]) == 1)
    #expect(AsciicastRecorder.completeUTF8Prefix([0x80, 0x80]) == 2)

    let path = Self.temporaryPath("chunks")
    defer { unlink(path) }
    let recorder = try AsciicastRecorder(
      path: path, replacing: false, header: .init(width: 10, height: 2))
    recorder.record([0x61] + snowman.prefix(1), at: 0.5)
    recorder.record(Array(snowman.dropFirst()) + [0x62], at: 0.75)
    recorder.record([0xF0, 0x9F], at: 1)  // never completed: U+FFFD at the end
    try recorder.finish()
    recorder.record([0x63], at: 2)  // ignored after finish
    let cast = try Asciicast(parsing: try FileBytes.read(contentsOf: path))
    #expect(
      cast.events == [
        Asciicast.Event(time: 0.5, data: "a"), Asciicast.Event(time: 0.75, data: "☃b"),
        Asciicast.Event(time: 1, data: "\u{FFFD}"),
      ])
  }

  @Test func droppedRecorderLeavesNoFile() throws {
    let path = Self.temporaryPath("dropped")
    do {
      let recorder = try AsciicastRecorder(
        path: path, replacing: false, header: .init(width: 10, height: 2))
      recorder.record(Array("x".utf8), at: 0)
    }
    #expect(access(path, F_OK) != 0)
    let directory = (path as NSString).deletingLastPathComponent
    let leftovers = try FileManager.default.contentsOfDirectory(atPath: directory)
      .filter { $0.hasPrefix((path as NSString).lastPathComponent) }
    #expect(leftovers.isEmpty)
  }

  /// Frames written through a `TerminalWriter` with the recorder as observer, read back and
  /// replayed, leave exactly the last frame's text on the virtual screen.
  @Test func recordedSessionReplaysToTheLastFrame() throws {
    let path = Self.temporaryPath("session")
    defer { unlink(path) }
    let columns = 40
    let rows = 12
    let recorder = try AsciicastRecorder(
      path: path, replacing: false,
      header: .init(width: columns, height: rows, environment: ["TERM": "xterm-256color"]))
    let devNull = open("/dev/null", O_WRONLY | O_CLOEXEC)
    #expect(devNull >= 0)
    defer { close(devNull) }
    let writer = TerminalWriter(fileDescriptor: devNull, observer: recorder)
    let encoder = ANSIEncoder(level: .trueColor)

    try writer.write(TerminalControl.sessionStart)
    let page = try SnapshotRenderTests.page().render(width: columns)  // 40 wide, taller than 12
    let frames: [[StyledLine]] = [
      Array(page.prefix(rows)),
      [StyledLine("日本語 wide ☃ and a very long line that fills the width!!")],
      Array(page.suffix(rows - 1)) + [StyledLine("status · 日本 ", style: .dim)],
      [
        StyledLine("short", style: .bold), StyledLine(""),
        StyledLine("é" + String(repeating: "x", count: 39)),
      ],
    ]
    var screenAfterEachFrame: [[String]] = []
    var live = VirtualScreen(columns: columns, rows: rows)
    for frame in frames {
      let bytes = TerminalWriter.frameBytes(
        lines: frame.map { encoder.encode($0.cropped(to: columns)) })
      try writer.write(bytes)
      live.feed(bytes)
      screenAfterEachFrame.append(live.text)
    }
    try recorder.finish()

    let cast = try Asciicast(parsing: try FileBytes.read(contentsOf: path))
    #expect(cast.header.width == columns && cast.header.height == rows)
    #expect(cast.header.environment == ["TERM": "xterm-256color"])
    #expect(cast.events.count == frames.count + 1)
    #expect(zip(cast.events, cast.events.dropFirst()).allSatisfy { $0.time <= $1.time })

    var screen = VirtualScreen(columns: columns, rows: rows)
    for (index, event) in cast.events.enumerated() {
      screen.feed(event.data)
      if index > 0 {
        let expected = Self.trimmed(frames[index - 1].map { $0.cropped(to: columns).plainText })
        #expect(screen.text == expected, "frame \(index - 1)")
        #expect(screen.text == screenAfterEachFrame[index - 1])
      }
    }
    #expect(screen.isAlternateScreen && !screen.isCursorVisible)
    #expect(screen.text.count == 3)
  }

  /// Lines with trailing spaces removed and blank lines at the end dropped.
  static func trimmed(_ lines: [String]) -> [String] {
    var result = lines.map { line in
      var line = line
      while line.last == " " { line.removeLast() }
      return line
    }
    while result.last?.isEmpty == true { result.removeLast() }
    return result
  }
}
