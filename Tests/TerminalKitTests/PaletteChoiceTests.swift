import Foundation
import Testing

@testable import TerminalKit

/// The named palettes: lookup, ends and middles, lightness order, colour-blind safety and
/// a legend that still reads in 16 colours.
@Suite struct PaletteChoiceTests {
  @Test func namesLookUpEveryPaletteAndNothingElse() {
    #expect(
      Palette.names == ["blue-orange", "viridis", "red-blue", "purple-orange", "magma", "grey"])
    for name in Palette.names { #expect(Palette.named(name)?.name == name) }
    #expect(Palette.named("Blue-Orange") == Palette.blueOrange)
    #expect(Palette.named("rainbow") == nil)
    #expect(Palette.named("") == nil)
    #expect(Palette.defaultDiverging.name == "blue-orange")
    #expect(Palette.defaultSequential.name == "viridis")
  }

  /// Ends and middle of each palette, written out from the published colour tables.
  @Test(arguments: [
    ("blue-orange", 0x2166AC, 0xF7F7F7, 0xE66101),
    ("red-blue", 0x2166AC, 0xF7F7F7, 0xB2182B),
    ("purple-orange", 0x542788, 0xF7F7F7, 0xB35806),
    // Ten samples: the middle is halfway between samples 4 and 5, rounded per channel.
    // viridis: (0x26+0x1F)/2 = 34.5 -> 35, (0x82+0x9E)/2 = 144, (0x8E+0x89)/2 = 139.5 -> 140.
    ("viridis", 0x440154, 0x23908C, 0xFDE725),
    // magma: (0x9F+0xCD)/2 = 182, (0x2F+0x40)/2 = 55.5 -> 56, (0x7F+0x71)/2 = 120.
    ("magma", 0x000004, 0xB63878, 0xFCFDBF),
    // grey: (0x1A+0xF0)/2 = 133.
    ("grey", 0x1A1A1A, 0x858585, 0xF0F0F0),
  ])
  func endsAndMiddle(name: String, low: Int, middle: Int, high: Int) throws {
    let palette = try #require(Palette.named(name))
    #expect(palette.color(atPosition: 0) == RGB(hex: UInt32(low)))
    #expect(palette.color(atPosition: 0.5) == RGB(hex: UInt32(middle)))
    #expect(palette.color(atPosition: 1) == RGB(hex: UInt32(high)))
    if palette.kind == .diverging {
      #expect(palette.color(for: 0, in: -3...1) == RGB(hex: UInt32(middle)))
    }
  }

  @Test func sequentialPalettesGetLighterAlongTheScale() {
    for palette in Palette.all where palette.kind == .sequential {
      var previous = -1.0
      for step in 0...200 {
        let luminance = Self.luminance(palette.color(atPosition: Double(step) / 200))
        #expect(luminance >= previous, "\(palette.name) step \(step)")
        previous = luminance
      }
    }
  }

  @Test func divergingPalettesAreLightestInTheMiddle() {
    for palette in Palette.all where palette.kind == .diverging {
      let centre = Self.luminance(palette.color(atPosition: 0.5))
      for step in 0...100 where step != 50 {
        let luminance = Self.luminance(palette.color(atPosition: Double(step) / 100))
        #expect(luminance < centre, "\(palette.name) step \(step)")
      }
      // Each arm darkens steadily away from the centre.
      for step in 1...50 {
        let outer = Self.luminance(palette.color(atPosition: 0.5 + Double(step) / 100))
        let inner = Self.luminance(palette.color(atPosition: 0.5 + Double(step - 1) / 100))
        #expect(outer <= inner, "\(palette.name) upper arm step \(step)")
        let outerLow = Self.luminance(palette.color(atPosition: 0.5 - Double(step) / 100))
        let innerLow = Self.luminance(palette.color(atPosition: 0.5 - Double(step - 1) / 100))
        #expect(outerLow <= innerLow, "\(palette.name) lower arm step \(step)")
      }
    }
  }

  @Test func noPaletteRunsFromRedToGreen() {
    for palette in Palette.all {
      let ends = [palette.color(atPosition: 0), palette.color(atPosition: 1)].map(Self.hueFamily)
      #expect(Set(ends) != Set(["red", "green"]), "\(palette.name): \(ends)")
    }
    // Nor in 16 colours: the ends never become red (1, 9) and green (2, 10).
    let reds: Set<UInt8> = [1, 9]
    let greens: Set<UInt8> = [2, 10]
    for palette in Palette.all {
      let ends = [
        palette.color(atPosition: 0).nearestANSI16, palette.color(atPosition: 1).nearestANSI16,
      ]
      let redToGreen =
        (reds.contains(ends[0]) && greens.contains(ends[1]))
        || (greens.contains(ends[0]) && reds.contains(ends[1]))
      #expect(!redToGreen, "\(palette.name): \(ends)")
    }
    // The check can fail: a red-to-green scale is caught.
    let bad = Palette(
      name: "bad", kind: .diverging, anchors: [RGB(hex: 0xD7191C), RGB(hex: 0x1A9641)])
    let ends = [bad.color(atPosition: 0), bad.color(atPosition: 1)].map(Self.hueFamily)
    #expect(Set(ends) == Set(["red", "green"]))
  }

  /// In 16 colours every palette's legend shows at least 3 different colours and all of
  /// its numbers; without colour the numbers alone remain.
  @Test func legendStaysReadableInSixteenColoursAndNone() {
    for palette in Palette.all {
      let range: ClosedRange<Float> = palette.kind == .diverging ? -1.5...1.5 : 0...1
      let legend = Legend(palette: palette, range: range)
      let lines = legend.render(width: 80)
      let encoded = ANSIEncoder(level: .ansi16).encode(lines[0])
      let codes = Set(Self.sgrSequences(in: encoded).filter { $0 != "0" })
      #expect(codes.count >= 3, "\(palette.name): \(codes.sorted())")
      #expect(codes.allSatisfy { $0.hasPrefix("0;3") || $0.hasPrefix("0;9") }, "\(codes)")
      let expectedNumbers =
        palette.kind == .diverging
        ? "-1.50 -1.00 -0.50  0.00  0.50  1.00  1.50"
        : "0.00 0.17 0.33 0.50 0.67 0.83 1.00"
      #expect(ANSIEncoder(level: .ansi16).encode(lines[1]) == expectedNumbers, "\(palette.name)")
      #expect(ANSIEncoder(level: .none).encode(lines[1]) == expectedNumbers)
    }
  }

  @Test func schemesReplaceEachKindSeparately() {
    #expect(PaletteScheme(choosing: []) == .standard)
    #expect(PaletteScheme.standard.diverging == .blueOrange)
    #expect(PaletteScheme.standard.sequential == .viridis)
    let scheme = PaletteScheme(choosing: [.purpleOrange, .magma, .redBlue])
    #expect(scheme.diverging == .redBlue, "the last of a kind wins")
    #expect(scheme.sequential == .magma)
    #expect(PaletteScheme(choosing: [.grey]).diverging == .blueOrange)
  }

  @Test func recolouringReachesNestedHeatmapsAndLegendsAndKeepsTheNumbers() throws {
    let signed = try Heatmap(values: [[-1, 0.5], [2, -0.25]])
    let probabilities = try Heatmap(values: [[0.1, 0.9]], palette: .viridis)
    let document = Document(
      title: "t",
      blocks: [
        .row([.heatmap(signed), .glyph("·"), .indent(.heatmap(probabilities), by: 2)]),
        .stack([.legend(signed.legend), .legend(probabilities.legend)]),
      ])
    let scheme = PaletteScheme(choosing: [.redBlue, .grey])
    let before = document.render(width: 80)
    let after = document.recoloured(with: scheme).render(width: 80)
    #expect(before.map(\.plainText) == after.map(\.plainText))
    let colours = Set(
      after.flatMap(\.spans).compactMap {
        $0.style.background.rgbValue ?? $0.style.foreground.rgbValue
      })
    // -1 and 2 on a symmetric -2...2 scale; 0.1 and 0.9 on 0...1 grey; legend ends.
    #expect(colours.contains(Palette.redBlue.color(for: 2, in: -2...2)))
    #expect(colours.contains(RGB(hex: 0xB2182B)))
    #expect(colours.contains(Palette.grey.color(for: 0.9, in: 0...1)))
    #expect(colours.contains(RGB(hex: 0xF0F0F0)))
    for old in [RGB(hex: 0xE66101), RGB(hex: 0xFDE725), Palette.viridis.color(for: 0.9, in: 0...1)]
    {
      #expect(!colours.contains(old), "\(old)")
    }
  }

  /// The parameter strings of the SGR sequences (`ESC [ ... m`) in `text`.
  static func sgrSequences(in text: String) -> [String] {
    var result: [String] = []
    var rest = Substring(text)
    while let start = rest.range(of: "\u{1B}[") {
      rest = rest[start.upperBound...]
      guard let end = rest.firstIndex(of: "m") else { break }
      result.append(String(rest[..<end]))
      rest = rest[rest.index(after: end)...]
    }
    return result
  }

  /// WCAG relative luminance, computed here independently of `RGB.relativeLuminance`.
  static func luminance(_ c: RGB) -> Double {
    func linear(_ v: UInt8) -> Double {
      let x = Double(v) / 255
      return x <= 0.04045 ? x / 12.92 : pow((x + 0.055) / 1.055, 2.4)
    }
    return 0.2126 * linear(c.red) + 0.7152 * linear(c.green) + 0.0722 * linear(c.blue)
  }

  /// "red", "green" or "other" by HSV hue, for saturated colours only.
  static func hueFamily(_ c: RGB) -> String {
    let r = Double(c.red) / 255
    let g = Double(c.green) / 255
    let b = Double(c.blue) / 255
    let high = max(r, g, b)
    let low = min(r, g, b)
    guard high > 0, (high - low) / high > 0.3 else { return "other" }
    let d = high - low
    var hue: Double
    if high == r {
      hue = 60 * ((g - b) / d)
    } else if high == g {
      hue = 60 * ((b - r) / d + 2)
    } else {
      hue = 60 * ((r - g) / d + 4)
    }
    if hue < 0 { hue += 360 }
    if hue < 30 || hue >= 330 { return "red" }
    if hue >= 75 && hue <= 165 { return "green" }
    return "other"
  }
}
