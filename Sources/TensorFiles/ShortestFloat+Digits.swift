/// Ryū's digit generation for binary32 (Ulf Adams, PLDI 2018; the reference `f2s.c`).
extension ShortestFloat {
  /// The shortest, closest decimal `digits × 10^exponent` for a nonzero finite Float given by
  /// its 23 fraction bits and 8 exponent bits.
  @inline(__always)
  static func shortestDigits(
    fraction: UInt32, biasedExponent: UInt32
  ) -> (digits: UInt32, exponent: Int32) {
    // value = m2 × 2^e2, with two extra bits of room for the interval's half steps.
    let e2: Int32
    let m2: UInt32
    if biasedExponent == 0 {
      e2 = 1 - 127 - 23 - 2
      m2 = fraction
    } else {
      e2 = Int32(biasedExponent) - 127 - 23 - 2
      m2 = (1 << 23) | fraction
    }
    let acceptBounds = m2 & 1 == 0
    // The interval: mm (lower bound) ... mv (value) ... mp (upper bound), all times 2^e2.
    let mv = 4 &* m2
    let mp = 4 &* m2 &+ 2
    let lowerGapIsHalf: UInt32 = fraction != 0 || biasedExponent <= 1 ? 1 : 0
    let mm = 4 &* m2 &- 1 &- lowerGapIsHalf

    var vr: UInt32
    var vp: UInt32
    var vm: UInt32
    let e10: Int32
    var vmIsTrailingZeros = false
    var vrIsTrailingZeros = false
    var lastRemovedDigit: UInt32 = 0
    if e2 >= 0 {
      let q = log10Pow2(e2)
      e10 = Int32(q)
      let k = inverseBitCount + pow5Bits(Int32(q)) - 1
      let i = -e2 + Int32(q) + k
      let factor = inversePowersOfFive[Int(q)]
      vr = mulShift(mv, factor, i)
      vp = mulShift(mp, factor, i)
      vm = mulShift(mm, factor, i)
      if q != 0 && (vp &- 1) / 10 <= vm / 10 {
        let l = inverseBitCount + pow5Bits(Int32(q) - 1) - 1
        lastRemovedDigit =
          mulShift(mv, inversePowersOfFive[Int(q) - 1], -e2 + Int32(q) - 1 + l) % 10
      }
      if q <= 9 {
        // At most one of mp, mv and mm is a multiple of 5.
        if mv % 5 == 0 {
          vrIsTrailingZeros = isMultipleOfPowerOfFive(mv, q)
        } else if acceptBounds {
          vmIsTrailingZeros = isMultipleOfPowerOfFive(mm, q)
        } else if isMultipleOfPowerOfFive(mp, q) {
          vp &-= 1
        }
      }
    } else {
      let q = log10Pow5(-e2)
      e10 = Int32(q) + e2
      let i = -e2 - Int32(q)
      let k = pow5Bits(i) - powerBitCount
      var j = Int32(q) - k
      vr = mulShift(mv, powersOfFive[Int(i)], j)
      vp = mulShift(mp, powersOfFive[Int(i)], j)
      vm = mulShift(mm, powersOfFive[Int(i)], j)
      if q != 0 && (vp &- 1) / 10 <= vm / 10 {
        j = Int32(q) - 1 - (pow5Bits(i + 1) - powerBitCount)
        lastRemovedDigit = mulShift(mv, powersOfFive[Int(i) + 1], j) % 10
      }
      if q <= 1 {
        // mv = 4·m2 has at least two trailing zero bits.
        vrIsTrailingZeros = true
        if acceptBounds {
          vmIsTrailingZeros = lowerGapIsHalf == 1  // mm = mv - 1 - lowerGapIsHalf
        } else {
          vp &-= 1  // mp = mv + 2 has at least one trailing zero bit
        }
      } else if q < 31 {
        vrIsTrailingZeros = mv & ((1 << (q - 1)) - 1) == 0
      }
    }

    // Remove digits while the interval still holds a shorter decimal.
    var removed: Int32 = 0
    let output: UInt32
    if vmIsTrailingZeros || vrIsTrailingZeros {
      while vp / 10 > vm / 10 {
        vmIsTrailingZeros = vmIsTrailingZeros && vm % 10 == 0
        vrIsTrailingZeros = vrIsTrailingZeros && lastRemovedDigit == 0
        lastRemovedDigit = vr % 10
        vr /= 10
        vp /= 10
        vm /= 10
        removed += 1
      }
      if vmIsTrailingZeros {
        while vm % 10 == 0 {
          vrIsTrailingZeros = vrIsTrailingZeros && lastRemovedDigit == 0
          lastRemovedDigit = vr % 10
          vr /= 10
          vp /= 10
          vm /= 10
          removed += 1
        }
      }
      if vrIsTrailingZeros && lastRemovedDigit == 5 && vr % 2 == 0 {
        lastRemovedDigit = 4  // exactly halfway: round to even
      }
      let roundUp =
        (vr == vm && (!acceptBounds || !vmIsTrailingZeros)) || lastRemovedDigit >= 5
      output = vr &+ (roundUp ? 1 : 0)
    } else {
      while vp / 10 > vm / 10 {
        lastRemovedDigit = vr % 10
        vr /= 10
        vp /= 10
        vm /= 10
        removed += 1
      }
      output = vr &+ (vr == vm || lastRemovedDigit >= 5 ? 1 : 0)
    }
    return (output, e10 + removed)
  }

  /// Bits of the scaled inverse powers of five.
  private static let inverseBitCount: Int32 = 59
  /// Bits of the scaled powers of five.
  private static let powerBitCount: Int32 = 61

  /// ⌈log₂ 5^e⌉ (1 for e = 0), for 0 ≤ e ≤ 3528.
  @inline(__always)
  private static func pow5Bits(_ e: Int32) -> Int32 {
    Int32(truncatingIfNeeded: (UInt32(truncatingIfNeeded: e) &* 1_217_359) >> 19) &+ 1
  }

  /// ⌊log₁₀ 2^e⌋ for 0 ≤ e ≤ 1650.
  @inline(__always)
  private static func log10Pow2(_ e: Int32) -> UInt32 {
    (UInt32(truncatingIfNeeded: e) &* 78913) >> 18
  }

  /// ⌊log₁₀ 5^e⌋ for 0 ≤ e ≤ 2620.
  @inline(__always)
  private static func log10Pow5(_ e: Int32) -> UInt32 {
    (UInt32(truncatingIfNeeded: e) &* 732_923) >> 20
  }

  /// Whether 5^p divides `value`.
  @inline(__always)
  private static func isMultipleOfPowerOfFive(_ value: UInt32, _ p: UInt32) -> Bool {
    var v = value
    var count: UInt32 = 0
    while v % 5 == 0 {
      v /= 5
      count += 1
    }
    return count >= p
  }

  /// ⌊m × factor / 2^shift⌋ for a 64-bit factor and 32 < shift < 96.
  @inline(__always)
  private static func mulShift(_ m: UInt32, _ factor: UInt64, _ shift: Int32) -> UInt32 {
    let low = UInt64(m) &* (factor & 0xFFFF_FFFF)
    let high = UInt64(m) &* (factor >> 32)
    let sum = (low >> 32) &+ high
    return UInt32(truncatingIfNeeded: sum >> UInt64(shift - 32))
  }
}
