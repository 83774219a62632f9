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

  /// Matches `script` to `trace`; throws `ScriptError` naming the page and the activation when
  /// the script shows something the trace lacks, or uses an unknown placeholder.
  public init(trace: Trace, script: WalkthroughScript) throws {
    guard let first = trace.passes.first else {
      throw ScriptError(line: 0, message: "the trace has no passes")
    }
    self.trace = trace
    self.script = script
    pages = script.pages.filter { page in page.conditions.allSatisfy { $0.holds(for: trace) } }
    for page in pages {
      for name in page.show {
        for layer in name.contains("{layer}") ? Array(0..<trace.config.nLayers) : [0] {
          let resolved = Self.resolve(name, layer: layer, config: trace.config)
          if first.activation(named: resolved) == nil {
            throw ScriptError(
              line: page.line,
              message: "page '\(page.title)' shows \(resolved), which the trace does not have")
          }
        }
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

  /// `name` with `{layer}` and `{last_layer}` replaced.
  static func resolve(_ name: String, layer: Int, config: ModelConfig) -> String {
    name.replacingAll("{layer}", with: "\(layer)").replacingAll(
      "{last_layer}", with: "\(config.nLayers - 1)")
  }

  /// The activations page `index` shows at `position`, in the order the script lists them.
  func shown(_ index: Int, at position: WalkthroughPosition) -> [Activation] {
    let pass = trace.passes[min(position.pass, trace.passes.count - 1)]
    return pages[index].show.compactMap {
      pass.activation(named: Self.resolve($0, layer: position.layer, config: trace.config))
    }
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
    case .generation: return trace.passes.count > 1
    }
  }
}

extension String {
  /// Every occurrence of `target` replaced (without Foundation).
  func replacingAll(_ target: String, with replacement: String) -> String {
    guard !target.isEmpty else { return self }
    var out = ""
    var rest = Substring(self)
    while let range = rest.firstRange(of: target) {
      out += rest[..<range.lowerBound] + replacement
      rest = rest[range.upperBound...]
    }
    return out + rest
  }
}
