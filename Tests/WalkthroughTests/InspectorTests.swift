import TensorFiles
import TerminalKit
import Testing
import TinyGPT
import TraceKit

@testable import Walkthrough

/// The inspector: `i` puts a cursor on the page's result, arrows and Tab move it, and the cell
/// it is on maps to the right recorded cell, explained, with its operands marked on the page.
@Suite struct InspectorTests {
  /// A viewer on the default walkthrough at the first page drawn by `view`.
  static func viewer(on view: PageView, trace: Trace = Fixtures.defaultTrace) throws
    -> WalkthroughViewer
  {
    let walkthrough = try Fixtures.walkthrough(trace)
    let page = try #require(walkthrough.pages.firstIndex { $0.view == view })
    return WalkthroughViewer(walkthrough: walkthrough, position: WalkthroughPosition(page: page))
  }

  static func press(_ keys: [Key], _ viewer: inout WalkthroughViewer) {
    for key in keys { _ = viewer.handle(key) }
  }

  static func repeated(_ key: Key, _ count: Int) -> [Key] { Array(repeating: key, count: count) }

  @Test func iOpensOnTheResultAndEscLeavesWithoutQuitting() throws {
    var v = try Self.viewer(on: .scores)
    let page = v.position.page
    #expect(v.inspectedCell == nil)
    #expect(v.handle(.character("i")) == .redraw)
    let cell = try #require(v.inspectedCell)
    #expect(cell.cell.description == "blocks.0.attn.hook_attn_scores_unmasked[0, 0, 0]")
    #expect(v.handle(.right) == .redraw)
    #expect(v.position.page == page, "arrows move the cursor, not the page")
    #expect(v.handle(.escape) == .redraw, "Esc leaves the inspector, it does not quit")
    #expect(v.inspectedCell == nil)
    #expect(v.handle(.right) == .pageChanged, "arrows turn pages again")
  }

  @Test func scoresCellIsHeadQueryKey() throws {
    var v = try Self.viewer(on: .scores)
    Self.press([.character("]"), .character("i"), .down, .down, .right], &v)
    let cell = try #require(v.inspectedCell)
    #expect(cell.cell.name.description == "blocks.0.attn.hook_attn_scores_unmasked")
    #expect(cell.cell.index == [1, 2, 1], "[head, query, key]")
    // The panel shows what `tracer explain` prints for the same cell.
    let explained = try Fixtures.defaultTrace.explain(cell.cell, pass: 0)
    #expect(cell.lines == explained.lines)
    #expect(
      cell.lines.first?.hasPrefix("blocks.0.attn.hook_attn_scores_unmasked[1, 2, 1] = ") == true)
  }

  @Test func theCursorIsClampedToTheMatrix() throws {
    var v = try Self.viewer(on: .scores)
    let tokens = Fixtures.defaultTrace.passes[0].tokens.count
    Self.press([.character("i"), .up, .left], &v)
    #expect(try #require(v.inspectedCell).cell.index == [0, 0, 0])
    Self.press(Self.repeated(.down, 50) + Self.repeated(.right, 50), &v)
    #expect(try #require(v.inspectedCell).cell.index == [0, tokens - 1, tokens - 1])
  }

  @Test func tabMovesBetweenMatricesOnlyWhileInspecting() throws {
    var v = try Self.viewer(on: .scores)
    let head = Fixtures.defaultTrace.config.dHead
    Self.press([.character("i"), .tab, .down, .right], &v)
    var cell = try #require(v.inspectedCell)
    #expect(cell.matrixTitle == "Q_0")
    #expect(cell.cell.description == "blocks.0.attn.hook_q[1, 0, 1]", "[pos, head, d_head]")
    // K_hᵀ is drawn transposed: rows are d_head, columns are keys.
    Self.press([.tab] + Self.repeated(.down, 50), &v)
    cell = try #require(v.inspectedCell)
    #expect(cell.matrixTitle == "K_0ᵀ")
    #expect(cell.cell.description == "blocks.0.attn.hook_k[1, 0, \(head - 1)]")
    Self.press([.tab], &v)
    #expect(try #require(v.inspectedCell).matrixTitle == "scores (head 0)", "Tab wraps around")
    Self.press([.backTab], &v)
    #expect(try #require(v.inspectedCell).matrixTitle == "K_0ᵀ")
  }

  @Test func qkvCellsAreTheCurrentHeadsColumns() throws {
    let config = Fixtures.defaultTrace.config
    var v = try Self.viewer(on: .heads)
    Self.press([.character("]"), .character("i"), .down] + Self.repeated(.right, 3), &v)
    #expect(try #require(v.inspectedCell).cell.description == "blocks.0.attn.hook_q[1, 1, 3]")
    // On the Q, K, V page every head is side by side: column d_head + 3 is head 1's column 3.
    var all = try Self.viewer(on: .qkv)
    Self.press([.character("i"), .down] + Self.repeated(.right, config.dHead + 3), &all)
    #expect(try #require(all.inspectedCell).cell.description == "blocks.0.attn.hook_q[1, 1, 3]")
  }

  @Test func logitsCellsAreTheListedTokens() throws {
    let trace = Fixtures.defaultTrace
    var v = try Self.viewer(on: .prediction)
    Self.press([.character("i"), .down], &v)
    let cell = try #require(v.inspectedCell)
    // Independently: the second largest logit of the last position.
    let logits = try #require(trace.passes[0].activation(ActivationName(.logits)))
    let vocab = trace.config.dVocab
    let last = logits.shape[0] - 1
    let row = Array(logits.data[(last * vocab)..<((last + 1) * vocab)])
    let order = row.indices.sorted { row[$0] != row[$1] ? row[$0] > row[$1] : $0 < $1 }
    #expect(cell.cell.description == "unembed.hook_out[\(last), \(order[1])]")
  }

  @Test func theMarkedOperandsAreTheExplanationsOperands() throws {
    let trace = Fixtures.defaultTrace
    let walkthrough = try Fixtures.walkthrough(trace)
    let page = try #require(walkthrough.pages.firstIndex { $0.view == .scores })
    let position = WalkthroughPosition(page: page, head: 1)
    let inspector = Inspector(matrix: 0, row: 3, column: 1)
    let inspection = try #require(
      walkthrough.inspection(page: page, at: position, inspector: inspector))
    let explanation = try trace.explain(
      CellReference(parsing: "blocks.0.attn.hook_attn_scores_unmasked[1,3,1]"))
    #expect(inspection.operands == explanation.operands)
    var context = PageContext(trace: trace, position: position)
    context.inspection = inspection
    // Row 3 of Q_1 and row 1 of K_1 (drawn transposed: its column 1).
    #expect(context.headMarks(.q) == Marks(rows: [3], inspecting: true))
    #expect(context.headMarks(.k, transposed: true) == Marks(columns: [1], inspecting: true))
    #expect(
      context.headMarks(.attnScoresUnmasked) == Marks(cell: [3, 1], inspecting: true),
      "the cursor")
    // Plain text shows them without colour: → before the row label, ↓ over the column, > at
    // the cursor.
    let text = walkthrough.document(page: page, at: position, inspector: inspector)
      .render(width: 80).map(\.plainText)
    let tokens = trace.passes[0].tokens.map(\.text)
    #expect(text.contains { $0.hasPrefix("→\(tokens[3])") })
    #expect(text.contains { $0.contains("↓\(tokens[1])") })
    #expect(text.contains { $0.contains(">") })
  }

  @Test func weightOperandsAreMarkedInTheWeightMatrix() throws {
    let trace = Fixtures.defaultTrace
    let config = trace.config
    let walkthrough = try Fixtures.walkthrough(trace)
    let page = try #require(walkthrough.pages.firstIndex { $0.view == .qkv })
    let position = WalkthroughPosition(page: page)
    // K (matrix 2 of 3) at position 2, column 5: column d_model + 5 of c_attn.weight.
    let inspection = try #require(
      walkthrough.inspection(
        page: page, at: position, inspector: Inspector(matrix: 1, row: 2, column: 5)))
    var context = PageContext(trace: trace, position: position)
    context.inspection = inspection
    let name = "transformer.h.0.attn.c_attn.weight"
    #expect(context.marks(MatrixSource(name, columnOffset: config.dModel)).columns == [5])
    #expect(context.marks(MatrixSource(name, columnOffset: 0)).columns == [config.dModel + 5])
    #expect(context.marks(.ln1Out).rows == [2])
  }

  /// A GPT-2-shaped layer (d_model 768) over a tiny vocabulary, with its weights in the trace.
  static let wideTrace: Trace = {
    let config = ModelConfig(
      nLayers: 1, dModel: 768, nHeads: 12, dMLP: 3072, nCtx: 16,
      dVocab: Fixtures.robotsVocabulary.count, actFn: .geluNew, normalizationType: .layerNorm,
      positionalEmbeddingType: .standard)
    do {
      let model = try Model.randomlyInitialized(
        config: config, tokenizer: Tokenizer(kind: .word, vocabulary: Fixtures.robotsVocabulary),
        seed: 7)
      var trace = try model.trace(
        prompt: Fixtures.prompt, modelName: "wide", weightsSHA256: WeightsFile.sha256(of: model))
      trace.parameters = model.parameters.namedTensors().map {
        NamedTensor(name: $0.name, tensor: $0.tensor)
      }
      return trace
    } catch {
      preconditionFailure("cannot build the wide model: \(error)")
    }
  }()

  @Test func aCursorAndOperandInAnElidedRegionScrollIntoView() throws {
    let walkthrough = try Fixtures.walkthrough(Self.wideTrace)
    let page = try #require(walkthrough.pages.firstIndex { $0.view == .qkv })
    let position = WalkthroughPosition(page: page)
    let plain = walkthrough.document(page: page, at: position).render(width: 80).map(\.plainText)
    #expect(!plain.contains { $0.contains(" 700") }, "column 700 is elided without the cursor")
    // The cursor on Q, column 700 (head 10, d_head 60): Q and W_Q both show column 700.
    let inspector = Inspector(matrix: 0, row: 1, column: 700)
    let cell = try #require(walkthrough.inspect(page: page, at: position, inspector: inspector))
    #expect(cell.cell.description == "blocks.0.attn.hook_q[1, 10, 60]")
    #expect(
      cell.operands.contains(
        CellExplanation.Operand(name: "transformer.h.0.attn.c_attn.weight", column: 700)))
    for width in [80, 40] {
      let lines = walkthrough.document(page: page, at: position, inspector: inspector)
        .render(width: width).map(\.plainText)
      func matrix(_ title: String) -> [String] {
        guard let start = lines.firstIndex(of: title) else { return [] }
        return Array(lines[start...].prefix(4))
      }
      // The header line of Q and of W_Q: the marked column 700 is shown.
      #expect(matrix("Q").contains { $0.contains(" 700") }, "Q at \(width)")
      #expect(matrix("W_Q").contains { $0.contains("↓700") }, "W_Q at \(width)")
      #expect(matrix("Q").contains { $0.contains(">") }, "the cursor at \(width)")
    }
  }

  @Test(arguments: [40, 80])
  func inspectorMatchesSnapshot(width: Int) throws {
    var v = try Self.viewer(on: .scores)
    Self.press([.character("i"), .down, .down, .down, .right], &v)
    for level in [ColorLevel.none, .trueColor] {
      var shown = v
      shown.fit(width: width, height: 40)  // as the terminal loop does before every frame
      let text = ANSIEncoder(level: level).encode(shown.frame(width: width, height: 40))
      Snapshot.assert(
        text, named: "inspector-scores-\(width)-\(level == .none ? "plain" : "truecolor")")
    }
  }
}
