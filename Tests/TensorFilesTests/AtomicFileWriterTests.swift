import Foundation
import Testing

@testable import TensorFiles

#if canImport(Glibc)
  import Glibc
#endif

/// A fresh directory, removed by the caller.
private func scratchDirectory() throws -> String {
  let path = FileManager.default.temporaryDirectory.appendingPathComponent(
    "atomic-writer-\(UUID().uuidString)"
  ).path
  try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
  return path
}

private func contents(_ path: String) -> String? {
  (try? FileBytes.read(contentsOf: path)).map { String(decoding: $0, as: UTF8.self) }
}

private func temporaryFiles(in directory: String) -> [String] {
  ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).filter {
    $0.contains(".tmp-")
  }
}

@Test func aFileThatAppearsDuringTheWriteIsKept() throws {
  let dir = try scratchDirectory()
  defer { try? FileManager.default.removeItem(atPath: dir) }
  let path = dir + "/out.json"
  let writer = try AtomicFileWriter(.file(path: path, replacing: false))
  try writer.write(Array("new".utf8))
  // Someone else creates the file between the start and the commit.
  #expect(FileManager.default.createFile(atPath: path, contents: Data("mine".utf8)))
  #expect(throws: OutputError.appeared(path: path)) { try writer.commit() }
  #expect(contents(path) == "mine")
  #expect(temporaryFiles(in: dir).isEmpty)
}

@Test func replacingReplacesAnExistingFileAtCommit() throws {
  let dir = try scratchDirectory()
  defer { try? FileManager.default.removeItem(atPath: dir) }
  let path = dir + "/out.json"
  #expect(FileManager.default.createFile(atPath: path, contents: Data("old".utf8)))
  #expect(throws: OutputError.exists(path: path)) {
    try AtomicFileWriter(.file(path: path, replacing: false))
  }
  let writer = try AtomicFileWriter(.file(path: path, replacing: true))
  try writer.write(Array("new".utf8))
  try writer.commit()
  #expect(contents(path) == "new")
  #expect(temporaryFiles(in: dir).isEmpty)
}

@Test func aNewFileIsCreated() throws {
  let dir = try scratchDirectory()
  defer { try? FileManager.default.removeItem(atPath: dir) }
  let path = dir + "/x"
  let writer = try AtomicFileWriter(path: path)
  try writer.write(Array("{}".utf8))
  #expect(contents(path) == nil)
  try writer.commit()
  #expect(contents(path) == "{}")
  #expect(temporaryFiles(in: dir).isEmpty)
}

@Test func specialFilesAreRefusedEvenWhenReplacing() throws {
  let dir = try scratchDirectory()
  defer { try? FileManager.default.removeItem(atPath: dir) }
  let fifo = dir + "/fifo"
  #expect(mkfifo(fifo, 0o644) == 0)
  let link = dir + "/link"
  try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: dir + "/absent")
  for replacing in [false, true] {
    #expect(throws: OutputError.notRegularFile(path: fifo, kind: "a FIFO")) {
      try AtomicFileWriter(.file(path: fifo, replacing: replacing))
    }
    #expect(throws: OutputError.notRegularFile(path: dir, kind: "a directory")) {
      try AtomicFileWriter(.file(path: dir, replacing: replacing))
    }
    #expect(throws: OutputError.notRegularFile(path: "/dev/null", kind: "a device")) {
      try AtomicFileWriter(.file(path: "/dev/null", replacing: replacing))
    }
    #expect(throws: OutputError.symbolicLink(path: link)) {
      try AtomicFileWriter(.file(path: link, replacing: replacing))
    }
  }
  #expect(throws: OutputError.noDirectory(path: dir + "/no/x", directory: dir + "/no")) {
    try AtomicFileWriter(.file(path: dir + "/no/x", replacing: false))
  }
  #expect(temporaryFiles(in: dir).isEmpty)
}

@Test func aSpecialFileThatAppearsBeforeAForcedCommitIsKept() throws {
  let dir = try scratchDirectory()
  defer { try? FileManager.default.removeItem(atPath: dir) }
  let path = dir + "/out"
  let writer = try AtomicFileWriter(.file(path: path, replacing: true))
  try writer.write(Array("new".utf8))
  #expect(mkfifo(path, 0o644) == 0)
  #expect(throws: OutputError.notRegularFile(path: path, kind: "a FIFO")) { try writer.commit() }
  var info = stat()
  #expect(lstat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFIFO)
  #expect(temporaryFiles(in: dir).isEmpty)
}

@Test func droppingAnUncommittedWriterRemovesTheTemporaryFile() throws {
  let dir = try scratchDirectory()
  defer { try? FileManager.default.removeItem(atPath: dir) }
  do {
    let writer = try AtomicFileWriter(path: dir + "/out")
    try writer.write(Array("partial".utf8))
    #expect(temporaryFiles(in: dir).count == 1)
  }
  #expect(temporaryFiles(in: dir).isEmpty)
  #expect(contents(dir + "/out") == nil)
}

@Test func dashMeansStandardOutput() {
  #expect(OutputTarget(argument: "-", replacing: false) == .standardOutput)
  #expect(OutputTarget(argument: "x", replacing: true) == .file(path: "x", replacing: true))
  #expect(OutputTarget(argument: "./-", replacing: false) == .file(path: "./-", replacing: false))
}

@Test func directoryOfAPath() {
  #expect(OutputTarget.directory(of: "x") == ".")
  #expect(OutputTarget.directory(of: "a/b") == "a")
  #expect(OutputTarget.directory(of: "/x") == "/")
  #expect(OutputTarget.directory(of: "a//b") == "a")
  #expect(OutputTarget.directory(of: "/a/b/c.json") == "/a/b")
}
