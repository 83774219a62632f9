import Foundation
import Testing

@Suite struct ExportCLITests {
  @Test func exportWritesAFolderThatLoadsAndRefusesToReuseItWithoutForce() throws {
    let directory = try Tracer.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let out = directory.appendingPathComponent("robots-hf").path
    let first = try Tracer.run(["export", "--model", "robots", "-o", out])
    #expect(first.status == 0)
    let again = try Tracer.run(["export", "--model", "robots", "-o", out])
    #expect(again.status == 1)
    #expect(
      again.errorLines == ["tracer: error: \(out) already exists (use --force to write into it)"])
    #expect(try Tracer.run(["export", "--model", "robots", "-o", out, "--force"]).status == 0)
    // The folder is a model: the same predictions as the built-in one.
    let fromFolder = try Tracer.run(["predict", "--model", out, "--prompt", "the robots will"])
    let builtin = try Tracer.run(["predict", "--prompt", "the robots will"])
    #expect(fromFolder.status == 0 && fromFolder.stdout == builtin.stdout)
    let file = directory.appendingPathComponent("plain").path
    try Data("keep".utf8).write(to: URL(fileURLWithPath: file))
    let onFile = try Tracer.run(["export", "-o", file, "--force"])
    #expect(onFile.errorLines == ["tracer: error: \(file) exists and is not a folder"])
  }
}
