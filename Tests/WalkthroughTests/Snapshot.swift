import Foundation
import Testing

/// Compares text to `__Snapshots__/NAME.txt` next to this file.
///
/// With `SNAPSHOT_RECORD=1` in the environment the file is (re)written instead and the
/// check passes. A missing file fails with instructions for recording it. ESC bytes are
/// stored as the two characters `\e` so escape sequences are readable in diffs.
enum Snapshot {
  static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("__Snapshots__")

  /// `text` with ESC bytes made visible as `\e`.
  static func visible(_ text: String) -> String {
    text.replacingOccurrences(of: "\u{1B}", with: "\\e")
  }

  static func assert(
    _ text: String, named name: String, sourceLocation: SourceLocation = #_sourceLocation
  ) {
    let url = folder.appendingPathComponent(name + ".txt")
    let actual = visible(text)
    if ProcessInfo.processInfo.environment["SNAPSHOT_RECORD"] == "1" {
      do {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data(actual.utf8).write(to: url)
      } catch {
        Issue.record("could not record snapshot \(name): \(error)", sourceLocation: sourceLocation)
      }
      return
    }
    guard let data = FileManager.default.contents(atPath: url.path) else {
      Issue.record(
        "missing snapshot \(url.path); record it with SNAPSHOT_RECORD=1 swift test",
        sourceLocation: sourceLocation)
      return
    }
    let expected = String(decoding: data, as: UTF8.self)
    #expect(
      actual == expected, "snapshot \(name) differs; re-record with SNAPSHOT_RECORD=1",
      sourceLocation: sourceLocation)
  }
}
