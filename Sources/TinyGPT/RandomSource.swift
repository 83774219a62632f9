/// A small seeded generator (SplitMix64), ours so that results never depend on the platform.
public struct RandomSource: RandomNumberGenerator, Sendable {
  private var state: UInt64

  public init(seed: UInt64) { state = seed }

  public mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  /// A uniform Double in [0, 1), from the top 53 bits.
  public mutating func nextUniform() -> Double { Double(next() >> 11) * 0x1.0p-53 }

  /// A standard normal sample (Box-Muller; one of the pair is discarded to keep it stateless).
  public mutating func nextGaussian() -> Double {
    let u1 = 1 - nextUniform()  // (0, 1]
    let u2 = nextUniform()
    return (-2 * _log(u1)).squareRoot() * _cos(2 * Double.pi * u2)
  }
}
