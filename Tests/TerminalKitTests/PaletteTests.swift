import Testing

@testable import TerminalKit

@Suite struct PaletteTests {
  @Test func viridisEndpointsAndMiddle() {
    let viridis = Palette.viridis
    #expect(viridis.color(for: 0, in: 0...1) == RGB(0x44, 0x01, 0x54))
    #expect(viridis.color(for: 1, in: 0...1) == RGB(0xFD, 0xE7, 0x25))
    // 0.5 lies halfway between samples 4 (#26828E) and 5 (#1F9E89) of ten.
    #expect(viridis.color(for: 0.5, in: 0...1) == RGB(0x23, 0x90, 0x8C))
    // Out-of-range values clamp to the ends.
    #expect(viridis.color(for: 7, in: 0...1) == RGB(0xFD, 0xE7, 0x25))
  }

  @Test func viridisLuminanceRisesMonotonically() {
    var previous = -1.0
    for step in 0...200 {
      let luminance = Palette.viridis.color(atPosition: Double(step) / 200).relativeLuminance
      #expect(luminance >= previous, "step \(step)")
      previous = luminance
    }
    #expect(previous > 0.7)
  }

  @Test func divergingIsCentredAtZeroWithASymmetricRange() {
    let palette = Palette.blueOrange
    #expect(palette.effectiveRange(for: -0.5...2) == -2...2)
    #expect(palette.color(for: 0, in: -0.5...2) == RGB(0xF7, 0xF7, 0xF7))
    #expect(palette.color(for: -2, in: -0.5...2) == RGB(0x21, 0x66, 0xAC))
    #expect(palette.color(for: 2, in: -0.5...2) == RGB(0xE6, 0x61, 0x01))
    // Equal magnitudes sit equally far from the pale centre.
    let centre = palette.color(for: 0, in: -1...1).relativeLuminance
    for magnitude: Float in [0.25, 0.5, 0.75, 1] {
      let below = palette.color(for: -magnitude, in: -1...1).relativeLuminance
      let above = palette.color(for: magnitude, in: -1...1).relativeLuminance
      #expect(below < centre && above < centre, "magnitude \(magnitude)")
    }
    #expect(palette.position(of: 0.3, in: -1...1) == 1 - palette.position(of: -0.3, in: -1...1))
  }

  @Test func degenerateRangesDoNotTrap() {
    #expect(Palette.viridis.color(for: 3, in: 3...3) == Palette.viridis.color(atPosition: 0.5))
    #expect(Palette.blueOrange.color(for: .nan, in: -1...1) == RGB(0xF7, 0xF7, 0xF7))
    #expect(Palette.blueOrange.color(for: 0, in: 0...0) == RGB(0xF7, 0xF7, 0xF7))
  }

  @Test func contrastingForegroundIsReadable() {
    #expect(RGB(0x44, 0x01, 0x54).contrastingForeground == RGB(255, 255, 255))
    #expect(RGB(0xFD, 0xE7, 0x25).contrastingForeground == RGB(0, 0, 0))
    #expect(RGB(0xF7, 0xF7, 0xF7).contrastingForeground == RGB(0, 0, 0))
  }

  @Test func relativeLuminanceMatchesWCAG() {
    #expect(RGB(255, 255, 255).relativeLuminance == 1)
    #expect(RGB(0, 0, 0).relativeLuminance == 0)
    // sRGB 128 -> ((128/255 + 0.055) / 1.055)^2.4 = 0.2158605
    #expect(abs(RGB(128, 128, 128).relativeLuminance - 0.2158605) < 1e-6)
  }
}
