/// Values of every kind (ordinary, tiny, huge, subnormal, signed zeros, integers, -infinity),
/// in a fixed pseudo-random order from a linear congruential generator written here (shared by
/// the float-array writing and reading tests).
func mixedValues(count: Int, seed: UInt64) -> [Float] {
  var state = seed
  return (0..<count).map { i in
    state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
    let bits = UInt32(truncatingIfNeeded: state >> 32)
    switch i % 9 {
    case 0: return -.infinity
    case 1: return Float(bitPattern: bits & 0x807F_FFFF)  // subnormal or zero
    case 2: return Float(Int32(truncatingIfNeeded: bits) >> 8)  // an integer
    case 3: return Float(bitPattern: bits & 0x3FFF_FFFF)  // below 2
    default:
      let value = Float(bitPattern: bits)
      return value.isFinite ? value : 0.5
    }
  }
}
