import Foundation
import TensorFiles
import Testing
import TinyGPT

@testable import TraceKit

/// The optional `permutation` field: written, read back bit for bit in both forms, checked.
@Suite struct TracePermutationTests {
  /// A test trace with a permutation run: the original is pass 0, the permuted run has other
  /// random values of the same shapes and the tokens in reverse order.
  static func traceWithPermutation() -> Trace {
    var trace = makeTestTrace(passes: 1)
    let original = trace.passes[0]
    var permuted = makeTestTrace(passes: 1, seed: 8).passes[0]
    permuted.tokens = original.tokens.reversed()
    trace.permutation = PermutationRun(
      order: Array((0..<original.tokens.count).reversed()),
      interventions: [.ablatePositions, .noMask], original: original, permuted: permuted)
    return trace
  }

  /// Every permutation activation equal bit for bit.
  static func sameBits(_ a: PermutationRun?, _ b: PermutationRun?) -> Bool {
    guard let a, let b, a == b else { return false }
    for (pa, pb) in zip(a.passes, b.passes) {
      for (x, y) in zip(pa.activations, pb.activations)
      where !zip(x.data, y.data).allSatisfy({ $0.bitPattern == $1.bitPattern }) {
        return false
      }
    }
    return true
  }

  @Test func roundTripsAsJSON() throws {
    let trace = Self.traceWithPermutation()
    let bytes = try TraceFile.encode(trace)
    let text = String(decoding: bytes, as: UTF8.self)
    #expect(text.contains("\"permutation\": {\"order\": [3, 2, 1, 0], \"interventions\": ["))
    #expect(text.contains("\"version\": 2"))
    let back = try TraceFile.decode(bytes)
    #expect(bitIdentical(back, trace))
    #expect(Self.sameBits(back.permutation, trace.permutation))
    #expect(try TraceFile.encode(back) == bytes)
  }

  @Test func roundTripsAsSafetensors() throws {
    let trace = Self.traceWithPermutation()
    let bytes = try TraceFile.encodeSafetensors(trace)
    let header = try bytes.withUnsafeBufferPointer { try SafetensorsHeader($0) }
    let first = try #require(trace.permutation?.permuted.activations.first?.name)
    #expect(header.entries["permutation.0.\(first)"] != nil)
    #expect(header.entries["permutation.1.\(first)"] != nil)
    let back = try TraceFile.decode(bytes)
    #expect(bitIdentical(back, trace))
    #expect(Self.sameBits(back.permutation, trace.permutation))
  }

  @Test func absentIsNil() throws {
    let back = try TraceFile.decode(try TraceFile.encode(makeTestTrace(passes: 1)))
    #expect(back.permutation == nil)
  }

  @Test func validationRefusesABadRun() throws {
    var notAPermutation = Self.traceWithPermutation()
    notAPermutation.permutation?.order = [0, 0, 1, 2]
    #expect(errorText { try notAPermutation.validate() }?.contains("permutation.order") == true)

    var wrongTokens = Self.traceWithPermutation()
    wrongTokens.permutation?.order = [0, 1, 2, 3]
    #expect(errorText { try wrongTokens.validate() }?.contains("permutation.passes[1]") == true)

    var fewerTokens = Self.traceWithPermutation()
    fewerTokens.permutation?.permuted = makeTestTrace(positions: 3, passes: 1).passes[0]
    #expect(errorText { try fewerTokens.validate() }?.contains("permutation.passes[1]") == true)

    var badShape = Self.traceWithPermutation()
    badShape.permutation?.original.activations[1].shape = [1]
    #expect(errorText { try badShape.validate() }?.contains("permutation.passes[0]") == true)

    #expect(errorText { try Self.traceWithPermutation().validate() } == nil)
  }
}
