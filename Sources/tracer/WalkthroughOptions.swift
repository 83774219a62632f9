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

  static let specs = [
    Options.walkthrough.spec, Options.all.spec, Options.step.spec, Options.layer.spec,
    Options.head.spec, Options.color.spec, Options.width.spec, Options.autoplay.spec,
    Options.noAnimation.spec,
  ]

  init(parsing arguments: inout Arguments) throws {
    scriptPath = try arguments.value(Options.walkthrough)
    all = arguments.isSet(Options.all)
    step = try arguments.value(Options.step)
    color = try arguments.value(Options.color) ?? .auto
    width = try arguments.value(Options.width)
    autoplay = try arguments.value(Options.autoplay)
    animation = !arguments.isSet(Options.noAnimation)
    layer = try arguments.value(Options.layer) ?? 0
    head = try arguments.value(Options.head) ?? 0
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
