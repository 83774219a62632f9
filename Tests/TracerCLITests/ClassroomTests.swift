import Foundation
import TerminalKit
import TestSupport
import Testing

/// `walk --format html`, `-o`, `--palette` and `--record`: the classroom outputs.
@Suite(.serialized) struct ClassroomTests {
  @Test func htmlHasEveryPageAndIsWrittenOnlyWithForceOverAFile() throws {
    let directory = try Tracer.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let path = directory.appendingPathComponent("walk.html").path
    let text = try Tracer.run(["walk", "--color", "never"])
    let titles = CLITests.pageTitles(text.stdout)
    #expect(titles.count > 5)

    let first = try Tracer.run(["walk", "--format", "html", "-o", path])
    #expect(first.status == 0, "\(first.stderr)")
    #expect(first.stdout.isEmpty)
    let html = try String(contentsOfFile: path, encoding: .utf8)
    #expect(html.hasPrefix("<!DOCTYPE html>"))
    #expect(html.components(separatedBy: "<section class=\"page\"").count - 1 == titles.count)
    #expect(html.contains("<a href=\"#page-\(titles.count)\">"))
    #expect(html.contains("color:#e66101"), "the default diverging palette's orange end")
    #expect(!html.contains("http"))

    let again = try Tracer.run(["walk", "--format", "html", "-o", path])
    #expect(again.status == 1)
    #expect(
      again.errorLines == ["tracer: error: \(path) already exists (use --force to overwrite it)"])
    #expect(try String(contentsOfFile: path, encoding: .utf8) == html, "untouched")

    let forced = try Tracer.run([
      "walk", "--format", "html", "-o", path, "--force", "--palette", "red-blue",
    ])
    #expect(forced.status == 0)
    let recoloured = try String(contentsOfFile: path, encoding: .utf8)
    #expect(recoloured.contains("color:#b2182b") && !recoloured.contains("color:#e66101"))
    let leftovers = try FileManager.default.contentsOfDirectory(atPath: directory.path)
    #expect(leftovers == ["walk.html"], "no temporary file left behind")
  }

  @Test func htmlGoesToStandardOutputWithoutOutputFile() throws {
    let result = try Tracer.run(["walk", "--format", "html", "--step", "2", "--width", "60"])
    #expect(result.status == 0)
    #expect(result.stdout.hasPrefix("<!DOCTYPE html>") && result.stdout.hasSuffix("</html>\n"))
    #expect(result.stdout.components(separatedBy: "<section class=\"page\"").count == 2)
  }

  @Test func textToAFileIsTheSameAsPrinted() throws {
    let directory = try Tracer.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let path = directory.appendingPathComponent("handout.txt").path
    let printed = try Tracer.run(["walk", "--all", "--color", "never"])
    let written = try Tracer.run(["walk", "-o", path])
    #expect(written.status == 0)
    #expect(try String(contentsOfFile: path, encoding: .utf8) == printed.stdout)
  }

  @Test(arguments: [
    (
      ["walk", "--palette", "rainbow"],
      "--palette expects one of blue-orange, viridis, red-blue, purple-orange, magma, grey, got 'rainbow'"
    ),
    (["walk", "--format", "pdf"], "--format expects one of text, html, got 'pdf'"),
    (
      ["walk", "--record", "x.cast", "--all"],
      "--record records the interactive walkthrough; it cannot go with --all, --step, --format html or -o"
    ),
    (
      ["walk", "--record", "x.cast"],
      "--record x.cast needs a terminal (standard output, keys from standard input or /dev/tty, TERM not dumb)"
    ),
  ])
  func badClassroomOptionsAreRefused(arguments: [String], message: String) throws {
    let directory = try Tracer.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let result = try Tracer.run(arguments, directory: directory)
    #expect(result.status == 2)
    #expect(
      result.errorLines.first?.hasPrefix("tracer: error: \(message)") == true, "\(result.stderr)")
    #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).isEmpty)
  }

  /// An autoplayed walk recorded on a pseudo-terminal quits by itself after the last page;
  /// the recording replays to exactly the screen the terminal showed, which is the last page
  /// as `--step` prints it, above the status line.
  @Test func autoplayRecordingReplaysToTheLastPage() throws {
    let directory = try Tracer.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let castPath = directory.appendingPathComponent("walk.cast").path
    let (columns, rows) = (100, 30)
    let process = try PTYProcess(
      executable: Tracer.executable,
      arguments: ["walk", "--autoplay", "0.1", "--no-animation", "--record", castPath],
      columns: columns, rows: rows)
    #expect(process.waitForExit(timeout: .seconds(30)) == .exited(0))

    let cast = try Asciicast(parsing: Array(try Data(contentsOf: URL(fileURLWithPath: castPath))))
    #expect(cast.header.width == columns && cast.header.height == rows)
    #expect(cast.header.environment["TERM"] == "xterm-256color")
    #expect(zip(cast.events, cast.events.dropFirst()).allSatisfy { $0.time <= $1.time })
    var replayed = VirtualScreen(columns: columns, rows: rows)
    replayed.feed(cast.output)

    // What the terminal itself received, up to the session's closing sequence.
    let received = process.outputText
    let end = try #require(received.range(of: TerminalControl.sessionEnd, options: .backwards))
    var live = VirtualScreen(columns: columns, rows: rows)
    live.feed(String(received[..<end.lowerBound]))
    #expect(replayed.lines == live.lines)

    let pageCount = CLITests.pageTitles(try Tracer.run(["walk", "--color", "never"]).stdout).count
    let lastPage = try Tracer.run([
      "walk", "--step", "\(pageCount)", "--width", "\(columns)", "--color", "never",
    ]).stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    let body = Array(replayed.lines.prefix(rows - 1))
    let expected = (lastPage + Array(repeating: "", count: rows)).prefix(rows - 1).map {
      var line = $0
      while line.last == " " { line.removeLast() }
      return line
    }
    #expect(body == Array(expected))
    #expect(
      replayed.lines[rows - 1].contains("\(pageCount)/\(pageCount)"), "\(replayed.lines[rows - 1])")
  }
}
