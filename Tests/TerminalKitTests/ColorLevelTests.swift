import Testing

@testable import TerminalKit

@Suite struct ColorLevelTests {
  @Test(arguments: [
    (["NO_COLOR": "1", "COLORTERM": "truecolor", "TERM": "xterm-256color"], true, ColorLevel.none),
    (["NO_COLOR": "", "TERM": "xterm-256color"], true, .ansi256),
    (["COLORTERM": "truecolor", "TERM": "xterm-256color"], false, .none),
    (["COLORTERM": "truecolor", "TERM": "xterm"], true, .trueColor),
    (["COLORTERM": "24bit"], true, .trueColor),
    (["COLORTERM": "yes", "TERM": "screen-256color"], true, .ansi256),
    (["TERM": "dumb"], true, .none),
    (["TERM": "xterm"], true, .ansi16),
    (["TERM": "linux"], true, .ansi16),
    ([:], true, .ansi16),
  ])
  func detection(environment: [String: String], isTerminal: Bool, expected: ColorLevel) {
    #expect(ColorLevel.detect(environment: environment, isTerminal: isTerminal) == expected)
  }

  @Test func choiceResolution() {
    let env = ["TERM": "xterm-256color"]
    #expect(ColorChoice.auto.resolve(environment: env, isTerminal: true) == .ansi256)
    #expect(ColorChoice.auto.resolve(environment: env, isTerminal: false) == .none)
    #expect(ColorChoice.never.resolve(environment: env, isTerminal: true) == .none)
    #expect(ColorChoice.always.resolve(environment: env, isTerminal: false) == .ansi256)
    let noColor = ["NO_COLOR": "1", "COLORTERM": "truecolor"]
    #expect(ColorChoice.always.resolve(environment: noColor, isTerminal: false) == .trueColor)
    #expect(ColorChoice.always.resolve(environment: ["TERM": "dumb"], isTerminal: true) == .ansi16)
  }

  @Test func choiceParsing() throws {
    #expect(try ColorChoice(parsing: "auto") == .auto)
    #expect(try ColorChoice(parsing: " Always ") == .always)
    #expect(try ColorChoice(parsing: "NEVER") == .never)
    #expect(throws: ColorChoiceError(text: "sometimes")) { try ColorChoice(parsing: "sometimes") }
    #expect(
      ColorChoiceError(text: "x").description
        == "invalid colour choice 'x' (expected auto, always or never)")
  }

  @Test func downgradeTo256() {
    #expect(RGB(255, 0, 0).nearestXterm256 == 196)
    #expect(RGB(0, 0, 0).nearestXterm256 == 16)
    #expect(RGB(255, 255, 255).nearestXterm256 == 231)
    #expect(RGB(128, 128, 128).nearestXterm256 == 244)  // grey ramp 8 + 10 * 12 = 128
    #expect(RGB(0, 95, 135).nearestXterm256 == 24)  // exact cube colour 16 + 6 * 1 + 2
    #expect(RGB(0xFD, 0xE7, 0x25).nearestXterm256 == 220)  // viridis yellow -> (255, 215, 0)
    for index in 16...255 {
      let rgb = RGB.xterm256(UInt8(index))
      #expect(RGB.xterm256(rgb.nearestXterm256) == rgb, "index \(index)")
    }
  }

  @Test func downgradeTo16() {
    #expect(RGB(0, 0, 0).nearestANSI16 == 0)
    #expect(RGB(250, 10, 10).nearestANSI16 == 9)
    #expect(RGB(190, 0, 0).nearestANSI16 == 1)
    #expect(RGB(0, 0, 200).nearestANSI16 == 4)
    #expect(RGB(0x21, 0x66, 0xAC).nearestANSI16 == 12)  // nearer (92, 92, 255) than (0, 0, 238)
    #expect(RGB(225, 225, 225).nearestANSI16 == 7)
    #expect(RGB(0xF7, 0xF7, 0xF7).nearestANSI16 == 15)
    #expect(RGB(255, 255, 255).nearestANSI16 == 15)
  }
}
