import TensorFiles
import TinyGPT
import TraceKit
import Walkthrough

/// `tracer walk`: the step-by-step walkthrough of a forward pass, with the real numbers.
struct WalkCommand: Command {
  static let name = "walk"
  static let help = Help(
    usage: "tracer walk [--prompt <text>] [--model <path>] [display options]",
    abstract:
      "Step through the model's forward pass on a prompt, page by page, with every real matrix.",
    discussion:
      "On a terminal the walkthrough takes over the screen: → or space for the next page, ← back, [ ] heads, { } layers, g contents, / search, ? for all keys, q to quit. It is also a lab: e edits the prompt, a ablates the current head, A the layer's MLP, t T k K p P s change the sampling, and the model runs again on the same page; c shows every matrix as its difference from the model's own run (or the --compare trace). When standard output is not a terminal, or TERM is dumb, it prints every page instead. With --prompt-file - the keys are read from /dev/tty.",
    options: TraceOptions.specs + WalkthroughOptions.specs,
    examples: [
      "tracer walk", "tracer walk --prompt \"the robots\"",
      "tracer walk --all --color never > handout.txt",
      "tracer walk --step 7", "tracer walk --autoplay 4", "tracer walk --ablate L0H1",
      "tracer walk --model sort --prompt \"ebdca|\"",
      "echo \"the robots\" | tracer walk --prompt-file -",
    ])

  var source: TraceOptions
  var display: WalkthroughOptions

  init(parsing arguments: inout Arguments) throws {
    source = try TraceOptions(parsing: &arguments)
    display = try WalkthroughOptions(parsing: &arguments)
  }

  func run() throws {
    try display.checkOutputs()
    let script = try display.script()
    // The weights are not hashed: this trace is only shown, never written (see `makeTrace`).
    let (model, name) = try source.model.load()
    let (trace, patchValues) = try source.makeTrace(model: model, name: name, weightsSHA256: "")
    let lab = WalkLab(
      source: source, model: model, name: name, weightsSHA256: "", script: script,
      patchValues: patchValues, patchTokenCount: trace.passes.first?.tokens.count ?? 0)
    let baseline = lab.baseline(for: trace, tokens: try model.tokenizer.encode(source.prompt))
    try display.present(
      try Walkthrough(trace: trace, script: script, baseline: baseline),
      keysFromTerminalDevice: source.promptFromStandardInput, rerun: lab.walkthrough)
  }
}
