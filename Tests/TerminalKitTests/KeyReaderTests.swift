import TerminalKit
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// Writes `bytes` to `fd` in one call.
private func send(_ bytes: [UInt8], to fd: Int32) {
  let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
  #expect(written == bytes.count)
}

extension TerminalIOTests {
  @Suite struct KeyReaderTests {
    @Test func readsKeysFromAPipe() throws {
      let ends = try makePipe()
      defer { close(ends.read) }
      var reader = KeyReader(fileDescriptor: ends.read)
      send(Array("j\u{1b}[6~é".utf8), to: ends.write)
      #expect(try reader.nextEvent(timeout: .seconds(5)) == .key(.character("j")))
      #expect(try reader.nextEvent(timeout: .seconds(5)) == .key(.pageDown))
      #expect(try reader.nextEvent(timeout: .seconds(5)) == .key(.character("é")))
      #expect(try reader.nextEvent(timeout: .milliseconds(5)) == .timeout)
      close(ends.write)
      #expect(try reader.nextEvent(timeout: .seconds(5)) == .endOfInput)
      #expect(try reader.nextEvent(timeout: .seconds(5)) == .endOfInput)
    }

    @Test func loneEscapeArrivesAfterTheEscapeTimeout() throws {
      let ends = try makePipe()
      defer {
        close(ends.read)
        close(ends.write)
      }
      var reader = KeyReader(fileDescriptor: ends.read, escapeTimeout: .milliseconds(30))
      send([0x1b], to: ends.write)
      #expect(try reader.nextEvent(timeout: .seconds(5)) == .key(.escape))
      // A sequence split across writes, second half well within the escape timeout.
      reader.escapeTimeout = .seconds(5)
      send([0x1b], to: ends.write)
      #expect(try reader.nextEvent(timeout: .milliseconds(20)) == .timeout)
      send(Array("[B".utf8), to: ends.write)
      #expect(try reader.nextEvent(timeout: .seconds(5)) == .key(.down))
    }

    @Test func pendingEscapeIsFlushedAtEndOfInput() throws {
      let ends = try makePipe()
      defer { close(ends.read) }
      var reader = KeyReader(fileDescriptor: ends.read, escapeTimeout: .seconds(30))
      send([0x61, 0x1b], to: ends.write)
      close(ends.write)
      #expect(try reader.nextEvent(timeout: .seconds(5)) == .key(.character("a")))
      #expect(try reader.nextEvent(timeout: .seconds(5)) == .key(.escape))
      #expect(try reader.nextEvent(timeout: .seconds(5)) == .endOfInput)
    }

    @Test func closedDescriptorThrows() {
      // A number far above anything open (not a just-closed one, which a test running in
      // parallel could reuse).
      var reader = KeyReader(fileDescriptor: 999_999)
      #expect(throws: TerminalError.systemCall(name: "poll", code: EBADF)) {
        try reader.nextEvent(timeout: .milliseconds(10))
      }
    }

    @Test func millisecondsRoundUp() {
      #expect(KeyReader.milliseconds(roundingUp: .zero) == 0)
      #expect(KeyReader.milliseconds(roundingUp: .nanoseconds(1)) == 1)
      #expect(KeyReader.milliseconds(roundingUp: .milliseconds(50)) == 50)
      #expect(KeyReader.milliseconds(roundingUp: .microseconds(1500)) == 2)
      #expect(KeyReader.milliseconds(roundingUp: .seconds(3)) == 3000)
      #expect(KeyReader.milliseconds(roundingUp: .milliseconds(-5)) == 0)
      #expect(KeyReader.milliseconds(roundingUp: .seconds(Int64.max / 2)) == Int32.max)
    }
  }
}
