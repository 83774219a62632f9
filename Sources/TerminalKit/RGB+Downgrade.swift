/// Nearest-colour conversion of `RGB` to the xterm 256-colour and 16-colour palettes.
extension RGB {
  /// The six channel levels of the xterm 6x6x6 colour cube (indices 16-231).
  static let cubeLevels: [Int] = [0, 95, 135, 175, 215, 255]

  /// The standard xterm values of the 16 basic colours, indices 0-15.
  static let basic16: [RGB] = [
    RGB(0, 0, 0), RGB(205, 0, 0), RGB(0, 205, 0), RGB(205, 205, 0),
    RGB(0, 0, 238), RGB(205, 0, 205), RGB(0, 205, 205), RGB(229, 229, 229),
    RGB(127, 127, 127), RGB(255, 0, 0), RGB(0, 255, 0), RGB(255, 255, 0),
    RGB(92, 92, 255), RGB(255, 0, 255), RGB(0, 255, 255), RGB(255, 255, 255),
  ]

  /// Squared Euclidean distance in RGB space.
  func distanceSquared(to other: RGB) -> Int {
    let dr = Int(red) - Int(other.red)
    let dg = Int(green) - Int(other.green)
    let db = Int(blue) - Int(other.blue)
    return dr * dr + dg * dg + db * db
  }

  /// The RGB value of an xterm 256-colour index.
  public static func xterm256(_ index: UInt8) -> RGB {
    switch index {
    case 0..<16:
      return basic16[Int(index)]
    case 16..<232:
      let i = Int(index) - 16
      let level = { (n: Int) in UInt8(cubeLevels[n]) }
      return RGB(level(i / 36), level((i / 6) % 6), level(i % 6))
    default:
      let grey = UInt8(8 + 10 * (Int(index) - 232))
      return RGB(grey, grey, grey)
    }
  }

  /// The nearest colour in the xterm 6x6x6 cube (16-231) or grey ramp (232-255).
  public var nearestXterm256: UInt8 {
    func nearestLevel(_ channel: UInt8) -> Int {
      var best = 0
      for (i, level) in RGB.cubeLevels.enumerated()
      where abs(level - Int(channel)) < abs(RGB.cubeLevels[best] - Int(channel)) {
        best = i
      }
      return best
    }
    let cubeIndex = 16 + 36 * nearestLevel(red) + 6 * nearestLevel(green) + nearestLevel(blue)
    let average = (Int(red) + Int(green) + Int(blue)) / 3
    let greyStep = min(23, max(0, Int(((Double(average) - 8) / 10).rounded())))
    let greyIndex = 232 + greyStep
    let cubeDistance = distanceSquared(to: RGB.xterm256(UInt8(cubeIndex)))
    let greyDistance = distanceSquared(to: RGB.xterm256(UInt8(greyIndex)))
    return UInt8(greyDistance < cubeDistance ? greyIndex : cubeIndex)
  }

  /// The nearest of the 16 basic ANSI colours (0-7 normal, 8-15 bright).
  public var nearestANSI16: UInt8 {
    var best = 0
    var bestDistance = Int.max
    for (i, candidate) in RGB.basic16.enumerated() {
      let distance = distanceSquared(to: candidate)
      if distance < bestDistance {
        best = i
        bestDistance = distance
      }
    }
    return UInt8(best)
  }
}
