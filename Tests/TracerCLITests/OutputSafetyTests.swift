import Foundation
import TestSupport
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// Outputs never destroy what the user owns: special files and symbolic links are refused
/// with or without `--force`, `-o -` is standard output, Ctrl-C leaves no temporary file.
@Suite struct OutputSafetyTests {
  /// The file type bits of `path` (without following a link), or nil if nothing is there.
  static func fileType(_ path: String) -> mode_t? {
    var info = stat()
    return lstat(path, &info) == 0 ? info.st_mode & S_IFMT : nil
  }

  static func temporaryFiles(in directory: URL) -> [String] {
    ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []).filter {
      $0.contains(".tmp-")
    }
  }

  @Test func specialFilesAreRefusedWithOrWithoutForce() throws {
    let directory = try Tracer.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let fifo = directory.appendingPathComponent("fifo").path
    #expect(mkfifo(fifo, 0o644) == 0)
    try FileManager.default.createDirectory(
      at: directory.appendingPathComponent("sub"), withIntermediateDirectories: false)
    // A character device of our own (root can make one); else /dev/null, which the early
    // check refuses before anything could touch it.
    let device = directory.appendingPathComponent("null").path
    let nullDevice: dev_t = (1 << 8) | 3  // makedev(1, 3), as /dev/null
    let devicePath = mknod(device, S_IFCHR | 0o666, nullDevice) == 0 ? "null" : "/dev/null"
    let cases: [(path: String, kind: String, type: mode_t)] = [
      ("fifo", "a FIFO", S_IFIFO), ("sub", "a directory", S_IFDIR),
      (devicePath, "a device", S_IFCHR),
    ]
    for (path, kind, type) in cases {
      for force in [[], ["--force"]] {
        let result = try Tracer.run(["trace", "-o", path] + force, directory: directory)
        #expect(result.status == 1, "\(path) \(force)")
        #expect(
          result.errorLines == [
            "tracer: error: \(path) is \(kind), not a regular file; refusing to write it"
          ])
        let absolute = path.hasPrefix("/") ? path : directory.appendingPathComponent(path).path
        #expect(Self.fileType(absolute) == type, "\(path) kept its type")
      }
    }
    // The same rules for every command that writes a file.
    try FileManager.default.createDirectory(
      at: directory.appendingPathComponent("dir.json"), withIntermediateDirectories: false)
    for arguments in [
      ["init", "-o", "dir.json", "--force"], ["generate", "--trace", "fifo", "--force"],
      ["train", "--task", "sort", "--steps", "1", "-o", "dir.json", "--force"],
    ] {
      let result = try Tracer.run(arguments, directory: directory)
      #expect(result.status == 1, "\(arguments)")
      #expect(result.errorLines.count == 1)
      #expect(result.stderr.contains("not a regular file; refusing to write it"))
    }
    #expect(Self.fileType(fifo) == S_IFIFO)
    #expect(Self.temporaryFiles(in: directory).isEmpty)
  }

  @Test func symbolicLinksAreNeverReplaced() throws {
    let directory = try Tracer.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let dangling = directory.appendingPathComponent("dangling").path
    try FileManager.default.createSymbolicLink(atPath: dangling, withDestinationPath: "nowhere")
    let pointing = directory.appendingPathComponent("pointing").path
    try FileManager.default.createSymbolicLink(atPath: pointing, withDestinationPath: "real.json")
    try Data("mine".utf8).write(to: directory.appendingPathComponent("real.json"))
    for name in ["dangling", "pointing"] {
      for force in [[], ["--force"]] {
        let result = try Tracer.run(["trace", "-o", name] + force, directory: directory)
        #expect(result.status == 1)
        #expect(
          result.errorLines == [
            "tracer: error: \(name) is a symbolic link; refusing to replace it "
              + "(give the path of the file it points to)"
          ])
      }
    }
    #expect(Self.fileType(dangling) == S_IFLNK)
    #expect(Self.fileType(pointing) == S_IFLNK)
    #expect(
      try String(contentsOf: directory.appendingPathComponent("real.json"), encoding: .utf8)
        == "mine")
    #expect(
      !FileManager.default.fileExists(atPath: directory.appendingPathComponent("nowhere").path))
  }

  @Test func anExistingFileNeedsForce() throws {
    let directory = try Tracer.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let path = directory.appendingPathComponent("t.json")
    try Data("mine".utf8).write(to: path)
    let refused = try Tracer.run(["trace", "-o", "t.json"], directory: directory)
    #expect(refused.status == 1)
    #expect(
      refused.errorLines == ["tracer: error: t.json already exists (use --force to overwrite it)"])
    #expect(try String(contentsOf: path, encoding: .utf8) == "mine")
    let forced = try Tracer.run(["trace", "-o", "t.json", "--force"], directory: directory)
    #expect(forced.status == 0)
    #expect(try Data(contentsOf: path).starts(with: Data("{".utf8)))
  }

  @Test func dashWritesTheTraceToStandardOutput() throws {
    let directory = try Tracer.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let toFile = try Tracer.run(["trace", "-o", "t.json"], directory: directory)
    #expect(toFile.status == 0)
    let result = try Tracer.run(["trace", "-o", "-"], directory: directory)
    #expect(result.status == 0, "\(result.stderr)")
    let file = try Data(contentsOf: directory.appendingPathComponent("t.json"))
    #expect(Data(result.stdout.utf8) == file, "the same bytes as the file")
    #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("-").path))
    // Where standard output already carries the generated text, '-' is refused clearly.
    let generate = try Tracer.run(["generate", "--trace", "-"], directory: directory)
    #expect(generate.status == 1)
    #expect(
      generate.errorLines == [
        "tracer: error: this output cannot go to standard output ('-'); give a file name"
      ])
    // Weights files are never written to standard output: '-' has no format extension.
    for arguments in [["init", "-o", "-"], ["train", "--task", "sort", "-o", "-"]] {
      let weights = try Tracer.run(arguments, directory: directory)
      #expect(weights.status == 1 || weights.status == 2, "\(arguments)")
      #expect(weights.errorLines.count == 1)
      #expect(weights.stderr.contains("cannot tell the weights format of -"))
    }
    #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("-").path))
  }

  @Test func interruptingALongWriteLeavesNoTemporaryFile() throws {
    let directory = try Tracer.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let model = directory.appendingPathComponent("m.json").path
    let made = try Tracer.run(
      [
        "init", "--n-layers", "2", "--d-model", "64", "--n-heads", "4", "--n-ctx", "128", "-o",
        model,
      ])
    try #require(made.status == 0, "\(made.stderr)")
    let output = directory.appendingPathComponent("t.json").path
    let sink = open("/dev/null", O_WRONLY | O_CLOEXEC)
    try #require(sink >= 0)
    // About 12 MB of trace: long enough to be caught while it is being written.
    let child = try ChildProcess(
      executable: Tracer.executable,
      arguments: [
        "trace", "--model", model, "--passes", "2", "--prompt",
        String(repeating: "the robots will bring ", count: 4), "-o", output,
      ],
      output: sink, errorPath: directory.appendingPathComponent("stderr").path)
    close(sink)
    let clock = ContinuousClock()
    let deadline = clock.now.advanced(by: .seconds(60))
    while Self.temporaryFiles(in: directory).isEmpty && child.isRunning && clock.now < deadline {
      usleep(1_000)
    }
    let caught = !Self.temporaryFiles(in: directory).isEmpty
    child.send(signal: SIGINT)
    let status = child.waitForExit()
    #expect(caught, "the temporary file was seen while the trace was written")
    #expect(status == .signaled(SIGINT))
    #expect(Self.temporaryFiles(in: directory).isEmpty)
    #expect(!FileManager.default.fileExists(atPath: output))
  }
}
