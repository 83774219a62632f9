import Foundation

/// A 24-bit sRGB colour, the semantic colour value every palette produces.
public struct RGB: Hashable, Sendable, CustomStringConvertible {
  /// Red channel, 0...255.
  public var red: UInt8
  /// Green channel, 0...255.
  public var green: UInt8
  /// Blue channel, 0...255.
  public var blue: UInt8

  /// Creates a colour from its three 8-bit channels.
  public init(_ red: UInt8, _ green: UInt8, _ blue: UInt8) {
    self.red = red
    self.green = green
    self.blue = blue
  }

  /// Creates a colour from a `0xRRGGBB` integer.
  public init(hex: UInt32) {
    self.init(
      UInt8((hex >> 16) & 0xFF), UInt8((hex >> 8) & 0xFF), UInt8(hex & 0xFF))
  }

  /// The colour as `#rrggbb`.
  public var description: String {
    let digits = Array("0123456789abcdef")
    var text = "#"
    for channel in [red, green, blue] {
      text.append(digits[Int(channel >> 4)])
      text.append(digits[Int(channel & 0xF)])
    }
    return text
  }

  /// WCAG relative luminance in 0...1 (linearised sRGB, Rec. 709 weights).
  public var relativeLuminance: Double {
    func linear(_ channel: UInt8) -> Double {
      let c = Double(channel) / 255
      return c <= 0.04045 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4)
    }
    return 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue)
  }

  /// Black or white, whichever has the higher WCAG contrast against this colour.
  public var contrastingForeground: RGB {
    let luminance = relativeLuminance
    let contrastWithBlack = (luminance + 0.05) / 0.05
    let contrastWithWhite = 1.05 / (luminance + 0.05)
    return contrastWithBlack >= contrastWithWhite ? RGB(0, 0, 0) : RGB(255, 255, 255)
  }

  /// The colour a fraction `t` (clamped to 0...1) of the way from `self` to `other`.
  public func interpolated(to other: RGB, fraction t: Double) -> RGB {
    let f = Swift.min(1, Swift.max(0, t))
    func mix(_ a: UInt8, _ b: UInt8) -> UInt8 {
      let value = Double(a) + (Double(b) - Double(a)) * f
      return UInt8(Swift.min(255, Swift.max(0, value.rounded())))
    }
    return RGB(mix(red, other.red), mix(green, other.green), mix(blue, other.blue))
  }
}
