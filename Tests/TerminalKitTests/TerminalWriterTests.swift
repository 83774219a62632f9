import TerminalKit
import Testing

#if canImport(Glibc)
  import Glibc
#endif

@Suite struct TerminalWriterTests {
  @Test func frameOverwritesLinesInPlace() {
    let frame = String(decoding: TerminalWriter.frameBytes(lines: ["ab", "", "é"]), as: UTF8.self)
    let expected =
      "\u{1b}[?2026h\u{1b}[H" + "\u{1b}[Kab" + "\r\n\u{1b}[K" + "\r\n\u{1b}[Jé"
      + "\u{1b}[?2026l"
    #expect(frame == expected)
    let empty = String(decoding: TerminalWriter.frameBytes(lines: []), as: UTF8.self)
    #expect(empty == "\u{1b}[?2026h\u{1b}[H\u{1b}[J\u{1b}[?2026l")
    #expect(!frame.contains("\u{1b}[2J"), "no full clear, so no flicker")
  }

  @Test func writeDeliversEveryByte() async throws {
    let ends = try makePipe()
    defer {
      close(ends.read)
      close(ends.write)
    }
    let bytes = (0..<20_000).map { UInt8(truncatingIfNeeded: $0 &* 7) }
    let reader = Task.detached { () -> [UInt8] in
      var received: [UInt8] = []
      var buffer = [UInt8](repeating: 0, count: 4096)
      while received.count < bytes.count {
        let count = buffer.withUnsafeMutableBytes { read(ends.read, $0.baseAddress, $0.count) }
        guard count > 0 else { break }
        received += buffer[0..<count]
      }
      return received
    }
    try TerminalWriter(fileDescriptor: ends.write).write(bytes)
    #expect(await reader.value == bytes)
  }

  @Test func writeToAClosedDescriptorThrows() {
    #expect(throws: TerminalError.systemCall(name: "write", code: EBADF)) {
      try TerminalWriter(fileDescriptor: 999_999).write("x")
    }
    let message = TerminalError.systemCall(name: "write", code: EBADF).description
    #expect(message == "write failed: Bad file descriptor (errno 9)")
  }
}
