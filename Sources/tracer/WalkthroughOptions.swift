import BuiltinContent
import Foundation
import TerminalKit
import Walkthrough

/// The display options shared by `walk` and `replay`.
struct WalkthroughOptions {
  var scriptPath: String?
  var all: Bool
  var step: Int?
  var color: ColorChoice
  var width: Int?
  var autoplay: Double?
  var animation: Bool
  var layer: Int
  var head: Int

  static let helpEntries = [
    (
      "--walkthrough <file>", "Use another walkthrough script (format: Docs/walkthrough-format.md)."
    ),
    (
      "--all", "Print every page, one after another, and exit (the default when not on a terminal)."
    ),
    ("--step <n>", "Print page n only and exit."),
    ("--layer <n>", "Start at layer n (default 0)."),
    ("--head <n>", "Start at head n (default 0)."),
    (
      "--color <auto|always|never>",
      "Colour output (default auto: on for terminals, off with NO_COLOR)."
    ),
    (
      "--width <n>",
      "Lay pages out at n columns (default: the terminal's width, or COLUMNS, or 80)."
    ),
    ("--autoplay <seconds>", "Advance to the next page every so many seconds (for classrooms)."),
    ("--no-animation", "Do not animate the matrix products when moving to the next page."),
  ]

  init(parsing arguments: inout Arguments) throws {
    scriptPath = try arguments.option("--walkthrough")
    all = arguments.flag("--all")
    step = try arguments.integer("--step", in: 1...10_000)
    color =
      try arguments.option("--color", as: "auto, always or never") { ColorChoice(rawValue: $0) }
      ?? .auto
    width = try arguments.integer("--width", in: 20...10_000)
    autoplay = try arguments.number("--autoplay", in: 0.1...3600)
    animation = !arguments.flag("--no-animation")
    layer = try arguments.integer("--layer", in: 0...10_000) ?? 0
    head = try arguments.integer("--head", in: 0...10_000) ?? 0
  }

  /// The script: the file given, or the built-in default.
  func script() throws -> WalkthroughScript {
    guard let scriptPath else {
      return try WalkthroughScript(parsing: BuiltinContent.defaultScript)
    }
    guard let text = try? String(contentsOfFile: scriptPath, encoding: .utf8) else {
      throw RunError("cannot read walkthrough script \(scriptPath)")
    }
    do {
      return try WalkthroughScript(parsing: text)
    } catch {
      throw RunError("\(scriptPath): \(error)")
    }
  }

  /// Shows `walkthrough`: interactively on a terminal, otherwise by printing pages.
  func present(_ walkthrough: Walkthrough) throws {
    let c = walkthrough.trace.config
    guard layer < c.nLayers else {
      throw UsageError("--layer must be below n_layers (\(c.nLayers)), got \(layer)")
    }
    guard head < c.nHeads else {
      throw UsageError("--head must be below n_heads (\(c.nHeads)), got \(head)")
    }
    if let step, step > walkthrough.pages.count {
      throw UsageError("--step must be between 1 and \(walkthrough.pages.count), got \(step)")
    }
    let interactive =
      Terminal.isTerminal(fd: STDIN_FILENO) && Terminal.isTerminal(fd: STDOUT_FILENO)
    let environment = ProcessInfo.processInfo.environment
    let level = color.resolve(
      environment: environment, isTerminal: Terminal.isTerminal(fd: STDOUT_FILENO))
    let start = WalkthroughPosition(page: (step ?? 1) - 1, layer: layer, head: head)
    if interactive && !all && step == nil {
      var loop = WalkthroughLoop(
        viewer: WalkthroughViewer(walkthrough: walkthrough, position: start), level: level,
        fixedWidth: width, autoplay: autoplay, animation: animation)
      try loop.run()
      return
    }
    let pageWidth =
      width ?? environment["COLUMNS"].flatMap(Int.init) ?? Terminal.size()?.columns ?? 80
    let encoder = ANSIEncoder(level: level)
    let pages = step.map { [$0 - 1] } ?? Array(walkthrough.pages.indices)
    var out = ""
    for (n, page) in pages.enumerated() {
      if n > 0 { out += "\n" }
      var position = start
      position.page = page
      out += encoder.encode(
        walkthrough.document(page: page, at: position).render(width: max(20, pageWidth)))
      out += "\n"
    }
    try Console.standard.out(out)
  }
}
