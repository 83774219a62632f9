import Testing

@testable import TensorFiles

@Suite struct SafetensorsHeaderTests {
  @Test func halfPrecisionWidensExactlyForEveryBitPattern() {
    for bits in UInt16.min...UInt16.max {
      let expected = Float(Float16(bitPattern: bits))  // the platform's own conversion
      let got = SafetensorsHeader.halfToFloat(bits)
      #expect(
        got.bitPattern == expected.bitPattern || (got.isNaN && expected.isNaN), "bits \(bits)")
      if got.bitPattern != expected.bitPattern && !(got.isNaN && expected.isNaN) { break }
    }
  }

  @Test func headersAreCheckedAgainstTheFileBeforeAnything() throws {
    func file(_ header: String, dataBytes: Int) -> [UInt8] {
      let out: [UInt8] = (0..<8).map { UInt8(truncatingIfNeeded: header.utf8.count >> (8 * $0)) }
      return out + Array(header.utf8) + [UInt8](repeating: 0, count: dataBytes)
    }
    func problem(_ bytes: [UInt8]) -> String? {
      bytes.withUnsafeBufferPointer { b in
        do {
          _ = try SafetensorsHeader(b)
          return nil
        } catch { return "\(error)" }
      }
    }
    let good = file(
      "{\"a\": {\"dtype\": \"F16\", \"shape\": [2, 3], \"data_offsets\": [0, 12]}}", dataBytes: 12)
    #expect(problem(good) == nil)
    let huge = file(
      "{\"a\": {\"dtype\": \"F32\", \"shape\": [4611686018427387904, 4], \"data_offsets\": [0, 12]}}",
      dataBytes: 12)
    #expect(problem(huge)?.contains("bad data_offsets") == true)
    let past = file(
      "{\"a\": {\"dtype\": \"U8\", \"shape\": [20], \"data_offsets\": [0, 20]}}", dataBytes: 12)
    #expect(problem(past)?.contains("truncated") == true)
    let wrongSize = file(
      "{\"a\": {\"dtype\": \"BF16\", \"shape\": [3], \"data_offsets\": [0, 12]}}", dataBytes: 12)
    #expect(problem(wrongSize)?.contains("needs 6") == true)
  }
}
