import TerminalKit
import Testing
import TinyGPT
import TraceKit
import Walkthrough

/// Compare mode (`c`): each heatmap drawn as this run minus the baseline run.
@Suite struct CompareModeTests {
  static let model = Fixtures.defaultModel

  static func trace(prompt: String = Fixtures.prompt, _ interventions: [Intervention]) throws
    -> Trace
  {
    var trace = try model.trace(
      prompt: prompt, passCount: 1, interventions: interventions, modelName: "built-in",
      weightsSHA256: "")
    trace.parameters = model.parameters.namedTensors().map {
      NamedTensor(name: $0.name, tensor: $0.tensor)
    }
    return trace
  }

  /// Layer 1's MLP page of a run with head 0 of layer 0 ablated, compared with the clean run.
  static func mlpPage() throws -> (Walkthrough, page: Int, ablated: Trace, clean: Trace) {
    let ablated = try trace([.ablateHead(layer: 0, head: 0)])
    let clean = try trace([])
    var walkthrough = try Fixtures.walkthrough(ablated)
    walkthrough.baseline = clean
    let page = try #require(walkthrough.pages.firstIndex { $0.view == .mlp })
    return (walkthrough, page, ablated, clean)
  }

  /// Every heatmap inside `blocks`, in order.
  static func heatmaps(_ blocks: [Block]) -> [Heatmap] {
    blocks.flatMap { block -> [Heatmap] in
      switch block {
      case .heatmap(let h): [h]
      case .stack(let inner), .row(let inner, _, _): heatmaps(inner)
      case .indent(let inner, _): heatmaps([inner])
      default: []
      }
    }
  }

  @Test func drawnDifferencesAreTheActivationsDifferences() throws {
    let (walkthrough, page, ablated, clean) = try Self.mlpPage()
    let document = walkthrough.document(
      page: page, at: WalkthroughPosition(page: page, layer: 1), comparing: true)
    let maps = Self.heatmaps(document.blocks)
    for (title, hook) in [
      ("Δ pre-activation", "blocks.1.mlp.hook_pre"),
      ("Δ post-activation", "blocks.1.mlp.hook_post"),
      ("Δ new residual stream", "blocks.1.hook_resid_post"),
    ] {
      let map = try #require(maps.first { $0.title == title }, "\(title)")
      let a = try #require(ablated.passes[0].activations.first { $0.name == hook })
      let b = try #require(clean.passes[0].activations.first { $0.name == hook })
      let columns = try #require(a.shape.last)
      let expected = (0..<(a.data.count / columns)).map { r in
        (0..<columns).map { c in a.data[r * columns + c] - b.data[r * columns + c] }
      }
      #expect(map.values == expected, "\(title)")
      #expect(expected.joined().contains { $0 != 0 }, "the ablation changes \(hook)")
      #expect(map.palette.kind == .diverging)
    }
    // The weights are the same in both runs: their differences are all 0, said in a line.
    #expect(!maps.contains { $0.title == "Δ W_in" })
    let text = document.render(width: 80).map(\.plainText).joined(separator: "\n")
    #expect(text.contains("Δ W_in: 0 everywhere, the same in both runs"))
    #expect(text.contains("compare mode: Δ = this run − the model's own run"))
    #expect(text.contains("first activation that differs: blocks.0.attn.hook_z"))
    #expect(!text.contains("colour scale"), "the values' legends are left out")
  }

  @Test func compareModePageMatchesSnapshot() throws {
    let (walkthrough, page, _, _) = try Self.mlpPage()
    let lines = walkthrough.document(
      page: page, at: WalkthroughPosition(page: page, layer: 1), interactive: false,
      comparing: true
    ).render(width: 80)
    Snapshot.assert(ANSIEncoder(level: .none).encode(lines), named: "compare-mlp-80-plain")
  }

  @Test func otherShapesAreNotComparedAndSaySo() throws {
    var walkthrough = try Fixtures.walkthrough(try Self.trace([.ablateHead(layer: 0, head: 0)]))
    walkthrough.baseline = try Self.trace(prompt: "the robots", [])
    let page = try #require(walkthrough.pages.firstIndex { $0.view == .mlp })
    let document = walkthrough.document(
      page: page, at: WalkthroughPosition(page: page), comparing: true)
    let text = document.render(width: 80).map(\.plainText).joined(separator: "\n")
    #expect(text.contains("matrices are shown as they are: the baseline's have another shape"))
    #expect(Self.heatmaps(document.blocks).contains { $0.title == "pre-activation" })
    var none = walkthrough
    none.baseline = nil
    let missing = none.document(page: page, at: WalkthroughPosition(page: page), comparing: true)
    #expect(
      missing.render(width: 80).map(\.plainText).joined().contains("no baseline run to compare"))
  }

  @Test func cTogglesCompareModeInTheViewer() throws {
    let (walkthrough, page, _, _) = try Self.mlpPage()
    var viewer = WalkthroughViewer(
      walkthrough: walkthrough, position: WalkthroughPosition(page: page, layer: 1))
    #expect(viewer.handle(.character("c")) == .redraw)
    #expect(viewer.comparing)
    #expect(viewer.pageLines(width: 80).contains { $0.plainText.contains("Δ pre-activation") })
    #expect(viewer.handle(.character("c")) == .redraw)
    #expect(!viewer.comparing)
    #expect(!viewer.pageLines(width: 80).contains { $0.plainText.contains("Δ") })
    #expect(KeyBinding.table.contains { $0.command == .compare && $0.keyText == "c" })
  }
}
