import BuiltinContent
import Foundation
import TensorFiles
import TerminalKit
import TraceKit
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
  var layer: IndexChoice
  var head: IndexChoice
  var format: PageFormat
  var palettes: PaletteScheme
  var output: String?
  var record: String?
  var force: Bool
  /// `--compare`: the baseline trace file.
  var compare: String?
  /// `--quiz`: ask before revealing results (interactive only).
  var quiz: Bool

  static let specs = [
    Options.walkthrough.spec, Options.all.spec, Options.step.spec, Options.walkLayer.spec,
    Options.walkHead.spec, Options.color.spec, Options.width.spec, Options.autoplay.spec,
    Options.noAnimation.spec, Options.palette.spec, Options.format.spec,
    Options.pagesOutput.spec, Options.record.spec, Options.outputForce.spec, Options.compare.spec,
    Options.quiz.spec,
  ]

  init(parsing arguments: inout Arguments) throws {
    scriptPath = try arguments.value(Options.walkthrough)
    all = arguments.isSet(Options.all)
    step = try arguments.value(Options.step)
    color = try arguments.value(Options.color) ?? .auto
    width = try arguments.value(Options.width)
    autoplay = try arguments.value(Options.autoplay)
    animation = !arguments.isSet(Options.noAnimation)
    layer = try arguments.value(Options.walkLayer) ?? .index(0)
    head = try arguments.value(Options.walkHead) ?? .index(0)
    format = try arguments.value(Options.format) ?? .text
    palettes = PaletteScheme(choosing: try arguments.values(Options.palette))
    output = try arguments.value(Options.pagesOutput)
    record = try arguments.value(Options.record)
    force = arguments.isSet(Options.outputForce)
    compare = try arguments.value(Options.compare)
    quiz = arguments.isSet(Options.quiz)
    if record != nil && (all || step != nil || format == .html || output != nil) {
      throw UsageError(
        "--record records the interactive walkthrough; it cannot go with --all, --step, --format html or -o"
      )
    }
  }

  /// Refuses, before any work, outputs that would replace a file without `--force`.
  func checkOutputs() throws {
    for path in [output, record].compactMap({ $0 }) { try checkWritable(path, force: force) }
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

  /// Shows `walkthrough`: interactively on a terminal, otherwise by printing pages (as text
  /// or HTML, to standard output or the `-o` file).
  ///
  /// Interactive needs standard output on a terminal whose `TERM` is not `dumb`, and keys from
  /// a terminal: standard input, or /dev/tty with `keysFromTerminalDevice` (when standard
  /// input gave the prompt). `rerun` records a new walkthrough for the lab (nil: no lab).
  func present(
    _ walkthrough: Walkthrough, keysFromTerminalDevice: Bool = false,
    rerun: ((LabSettings) throws -> Walkthrough)? = nil
  ) throws {
    var walkthrough = walkthrough
    walkthrough.palettes = palettes
    var rerun = rerun
    if let compare {
      let baseline: Trace
      do {
        baseline = try TraceFile.read(contentsOf: compare)
      } catch {
        throw RunError("cannot read trace \(compare): \(error)")
      }
      walkthrough.baseline = baseline
      walkthrough.baselineName = compare
      // A re-run in the lab keeps comparing with the file.
      rerun = rerun.map { record in
        { settings in
          var next = try record(settings)
          next.baseline = baseline
          next.baselineName = compare
          return next
        }
      }
    }
    let c = walkthrough.trace.config
    if case .index(let layer) = layer, layer >= c.nLayers {
      throw UsageError("--layer must be below n_layers (\(c.nLayers)), got \(layer)")
    }
    if case .index(let head) = head, head >= c.nHeads {
      throw UsageError("--head must be below n_heads (\(c.nHeads)), got \(head)")
    }
    if let step, step > walkthrough.pages.count {
      throw UsageError("--step must be between 1 and \(walkthrough.pages.count), got \(step)")
    }
    let environment = ProcessInfo.processInfo.environment
    let wantsInteractive = !all && step == nil && format == .text && output == nil
    let screen = Terminal.isTerminal(fd: STDOUT_FILENO) && environment["TERM"] != "dumb"
    // Keys come from standard input, or from /dev/tty when standard input gave the prompt.
    var keyInput: Int32? = Terminal.isTerminal(fd: STDIN_FILENO) ? STDIN_FILENO : nil
    if keysFromTerminalDevice {
      keyInput = nil
      if screen && (wantsInteractive || record != nil) {
        let tty = open("/dev/tty", O_RDWR | O_CLOEXEC)
        if tty >= 0 && Terminal.isTerminal(fd: tty) { keyInput = tty }
      }
    }
    defer { if let keyInput, keyInput != STDIN_FILENO { close(keyInput) } }
    let interactive = screen && keyInput != nil
    let start = WalkthroughPosition(page: (step ?? 1) - 1, layer: layer.start, head: head.start)
    if let record, !interactive {
      throw UsageError(
        "--record \(record) needs a terminal (standard output, keys from standard input or /dev/tty, TERM not dumb)"
      )
    }
    if interactive && wantsInteractive, let keyInput {
      let level = color.resolve(environment: environment, isTerminal: true)
      var viewer = WalkthroughViewer(
        walkthrough: walkthrough, position: start, labAvailable: rerun != nil, quiz: quiz)
      if autoplay != nil { viewer.autoplay = .init() }
      var loop = WalkthroughLoop(
        viewer: viewer,
        level: level, fixedWidth: width, autoplay: autoplay, animation: animation,
        keyInput: keyInput, rerun: rerun)
      try loop.run(recordingTo: record, replacing: force)
      return
    }
    let pages = printedPages(of: walkthrough)
    let text: String
    switch format {
    case .html:
      let title =
        "Transformer walkthrough: \(walkthrough.trace.modelName) on “\(walkthrough.trace.prompt)”"
      text = HTMLEncoder().file(title: title, documents: pages, width: max(20, width ?? 100))
    case .text:
      let pageWidth =
        width ?? environment["COLUMNS"].flatMap(Int.init) ?? Terminal.size()?.columns ?? 80
      let level = color.resolve(
        environment: environment,
        isTerminal: output == nil && Terminal.isTerminal(fd: STDOUT_FILENO))
      let encoder = ANSIEncoder(level: level)
      // Without colour a legend's blocks are all blank: its numbers would map to nothing.
      let printed = level == .none ? pages.map { $0.withoutLegends() } : pages
      // Each page ends with a blank line, and another separates pages.
      text = printed.map { encoder.encode($0.render(width: max(20, pageWidth))) + "\n" }
        .joined(separator: "\n")
    }
    guard let output else {
      try Console.standard.out(text)
      return
    }
    try writeFile(Array(text.utf8), to: output, replacing: force)
    Console.standard.note("wrote \(output): \(pages.count) page(s)\n")
  }
}

extension WalkthroughOptions {
  /// The pages printed (`--all`, `--step`, `--format html`, `-o`): every page or the `--step`
  /// one, without key hints; a page that depends on the layer or head is printed once per
  /// layer and head chosen (`--layer all`, `--head all`: every one, in order), its title then
  /// naming which.
  func printedPages(of walkthrough: Walkthrough) -> [Document] {
    let c = walkthrough.trace.config
    let expands = layer == .all || head == .all
    let pageIndices = step.map { [$0 - 1] } ?? Array(walkthrough.pages.indices)
    return pageIndices.flatMap { page -> [Document] in
      let view = walkthrough.pages[page].view
      let layers = view.dependsOnLayer ? layer.indices(below: c.nLayers) : [layer.start]
      let heads = view.dependsOnHead ? head.indices(below: c.nHeads) : [head.start]
      return layers.flatMap { l in
        heads.map { h in
          let position = WalkthroughPosition(page: page, layer: l, head: h)
          var document = walkthrough.document(page: page, at: position, interactive: false)
          if expands && (view.dependsOnLayer || view.dependsOnHead) {
            let which =
              (view.dependsOnLayer ? ["layer \(l)"] : [])
              + (view.dependsOnHead ? ["head \(h)"] : [])
            document.title += " (" + which.joined(separator: ", ") + ")"
          }
          return document
        }
      }
    }
  }
}

/// Writes `bytes` to `path` atomically (a temporary file renamed into place).
func writeFile(_ bytes: [UInt8], to path: String, replacing: Bool) throws {
  do {
    let file = try AtomicFileWriter(.file(path: path, replacing: replacing))
    try file.write(bytes)
    try file.commit()
  } catch {
    throw RunError("\(error)")
  }
}
