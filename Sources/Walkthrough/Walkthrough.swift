import TerminalKit
import TinyGPT
import TraceKit

/// A script matched to a trace: the pages that apply to this model, checked against what the
/// trace recorded. It builds each page as a document; it never touches a model.
public struct Walkthrough: Sendable {
  public let trace: Trace
  public let script: WalkthroughScript
  /// The script's pages whose conditions hold for this trace, in order.
  public let pages: [PageSpec]
  /// The palettes the pages' heatmaps and legends are drawn with (`--palette`).
  public var palettes = PaletteScheme.standard
  /// The run the pages compare this one with: the model's own run on the same prompt (no
  /// interventions, greedy), or a trace the reader chose; nil when there is none.
  public var baseline: Trace? {
    didSet { baselineSummary = baseline.map { Self.differenceSummary(trace, $0) } }
  }
  /// What compare mode calls the baseline (`the model's own run`, or a file name).
  public var baselineName = "the model's own run"
  /// The line naming the first activation that differs from the baseline (see `baseline`).
  private(set) var baselineSummary: String?

  /// Matches `script` to `trace`; throws `ScriptError` naming the page and the activation when
  /// a page's view reads something the trace lacks (at any layer the reader can select, in any
  /// pass) or needs weights the trace does not carry, or a page uses an unknown placeholder.
  public init(trace: Trace, script: WalkthroughScript, baseline: Trace? = nil) throws {
    guard !trace.passes.isEmpty else {
      throw ScriptError(line: 0, message: "the trace has no passes")
    }
    self.trace = trace
    self.script = script
    self.baseline = baseline
    baselineSummary = baseline.map { Self.differenceSummary(trace, $0) }
    pages = script.pages.filter { page in page.conditions.allSatisfy { $0.holds(for: trace) } }
    for page in pages {
      try Self.checkShowLine(of: page, config: trace.config)
      if let (name, pass) = Self.missingInput(of: page.view, in: trace) {
        let which = trace.passes.count > 1 ? " in pass \(pass + 1)" : ""
        throw ScriptError(
          line: page.line,
          message:
            "page '\(page.title)' (view \(page.view.rawValue)) reads \(name), which the trace "
            + "does not have\(which)")
      }
      if let name = Self.missingWeight(of: page.view, in: trace) {
        throw ScriptError(
          line: page.line,
          message:
            "page '\(page.title)' (view \(page.view.rawValue)) reads the weight \(name), which "
            + "the trace does not have")
      }
      if page.view.implementation.readsWeights && trace.parameters.isEmpty {
        throw ScriptError(
          line: page.line,
          message:
            "page '\(page.title)' (view \(page.view.rawValue)) needs the model's weights, which "
            + "the trace does not carry (add 'when: weights' to the page, or record with --weights)"
        )
      }
      for text in [page.title] + page.narration {
        if let unknown = Narration.unknownNames(in: text).first {
          throw ScriptError(
            line: page.line,
            message: "page '\(page.title)' uses an unknown placeholder {\(unknown)}")
        }
      }
    }
    if pages.isEmpty {
      throw ScriptError(line: 0, message: "no page of the script applies to this trace")
    }
  }

  /// Throws unless the page's `show:` line, when it has one, lists exactly its view's inputs.
  static func checkShowLine(of page: PageSpec, config: ModelConfig) throws {
    guard !page.show.isEmpty else { return }
    let inputs = page.view.implementation.inputs(for: config).map(\.description)
    let fix = "(show: is optional; the view's inputs are listed in Docs/walkthrough-format.md)"
    if let extra = page.show.first(where: { !inputs.contains($0) }) {
      throw ScriptError(
        line: page.line,
        message:
          "page '\(page.title)' shows \(extra), which view \(page.view.rawValue) does not read \(fix)"
      )
    }
    if let missing = inputs.first(where: { !page.show.contains($0) }) {
      throw ScriptError(
        line: page.line,
        message:
          "page '\(page.title)' does not show \(missing), which view \(page.view.rawValue) reads \(fix)"
      )
    }
  }

  /// The first activation `view` reads that `trace` lacks, at any layer the reader can select,
  /// and the pass that lacks it; nil when every input is there.
  static func missingInput(of view: PageView, in trace: Trace) -> (ActivationName, pass: Int)? {
    let config = trace.config
    var names: [ActivationName] = []
    for input in view.implementation.inputs(for: config) {
      for layer in 0..<max(1, config.nLayers) {
        for name in input.names(readerLayer: layer, config: config) where !names.contains(name) {
          names.append(name)
        }
      }
    }
    for (index, pass) in trace.passes.enumerated() {
      if let name = names.first(where: { pass.activation($0) == nil }) { return (name, index) }
    }
    return nil
  }
}

extension Walkthrough {
  /// The first weight `view` draws that a trace carrying weights lacks, at any layer; nil when
  /// every one is there or the trace carries no weights (the page then draws boxes).
  static func missingWeight(of view: PageView, in trace: Trace) -> String? {
    guard !trace.parameters.isEmpty else { return nil }
    let names = Set(trace.parameters.map(\.name))
    for weight in view.implementation.weights(for: trace.config) {
      for layer in 0..<max(1, trace.config.nLayers) where !names.contains(weight.name(layer: layer))
      {
        return weight.name(layer: layer)
      }
    }
    return nil
  }
}

extension PageCondition {
  /// Whether the condition holds for `trace`.
  func holds(for trace: Trace) -> Bool {
    let c = trace.config
    switch self {
    case .layerNorm: return c.normalizationType != nil
    case .noLayerNorm: return c.normalizationType == nil
    case .positionalStandard: return c.positionalEmbeddingType == .standard
    case .positionalSinusoidal: return c.positionalEmbeddingType == .sinusoidal
    case .positionalNone: return c.positionalEmbeddingType == .none
    case .positional: return c.positionalEmbeddingType != .none
    case .multiLayer: return c.nLayers > 1
    case .tokenizerWord: return trace.tokenizer.kind == .word
    case .tokenizerChar: return trace.tokenizer.kind == .char
    case .tokenizerBPE: return trace.tokenizer.kind == .bpe
    case .generation: return trace.passes.count > 1
    case .weights: return !trace.parameters.isEmpty
    }
  }
}
