import Testing
import TraceKit
import Walkthrough

/// The walkthrough script format: fields, conditions, paragraphs, comments, escapes, errors.
@Suite struct ScriptTests {
  static let sample = """
    # A comment before the header.
    title: My walk

    --- First {n_tokens}
    view: tokens
    show: hook_embed, blocks.{layer}.hook_resid_pre
    when: layernorm multi-layer
    Line one
    continues here.
    # A comment inside a page.

    Second {{literal}} paragraph with view: inside.
    view: heads
    --- Second
      Text only, indented.\r
    """

  @Test func parsesFieldsConditionsParagraphsAndComments() throws {
    let script = try WalkthroughScript(parsing: Self.sample)
    #expect(script.title == "My walk")
    #expect(script.pages.count == 2)
    let first = script.pages[0]
    #expect(first.title == "First {n_tokens}")
    #expect(first.view == .tokens)
    #expect(first.show == ["hook_embed", "blocks.{layer}.hook_resid_pre"])
    #expect(first.conditions == [.layerNorm, .multiLayer])
    #expect(
      first.narration == [
        "Line one continues here.", "Second {{literal}} paragraph with view: inside. view: heads",
      ])
    #expect(first.line == 4)
    let second = script.pages[1]
    #expect(second.title == "Second")
    #expect(second.view == .text)
    #expect(second.show.isEmpty && second.conditions.isEmpty)
    #expect(second.narration == ["Text only, indented."])
    #expect(second.line == 14)
  }

  @Test func aTitleFieldOverridesTheDashLine() throws {
    let script = try WalkthroughScript(parsing: "---\ntitle: Named\nview: mlp\nProse.")
    #expect(script.title == "Walkthrough")
    #expect(script.pages == [PageSpec(title: "Named", view: .mlp, narration: ["Prose."], line: 1)])
  }

  @Test func everyViewAndConditionNameParses() throws {
    for view in PageView.allCases {
      #expect(try WalkthroughScript(parsing: "--- p\nview: \(view.rawValue)").pages[0].view == view)
    }
    let all = PageCondition.allCases.map(\.rawValue).joined(separator: ", ")
    #expect(
      try WalkthroughScript(parsing: "--- p\nwhen: \(all)").pages[0].conditions
        == PageCondition.allCases)
  }

  @Test func escapedBracesRenderAsLiteralBraces() throws {
    let script = try WalkthroughScript(
      parsing: "--- {{a}} {n_tokens}\nPress {{ and }} for {{layers}}.")
    let walkthrough = try Walkthrough(trace: Fixtures.defaultTrace, script: script)
    let document = walkthrough.document(page: 0, at: .init())
    #expect(document.title == "1/1  {a} 4")
    let text = document.render(width: 80).map(\.plainText)
    #expect(text.first == "1/1 {a} 4")
    #expect(text.contains("Press { and } for {layers}."))
  }

  /// The error thrown by `body`, as its one-line description.
  func error(_ body: () throws -> Void) -> String? {
    do {
      try body()
      return nil
    } catch {
      return "\(error)"
    }
  }

  @Test func unknownViewNamesTheLine() {
    let message = error { _ = try WalkthroughScript(parsing: "title: t\n\n--- p\nview: matrix") }
    #expect(
      message?.hasPrefix("walkthrough script line 4: unknown view 'matrix' (views: text,") == true)
    #expect(message?.contains("\n") == false)
  }

  @Test func unknownConditionNamesTheLine() {
    let message = error {
      _ = try WalkthroughScript(parsing: "--- p\nview: text\nwhen: layernorm, tall")
    }
    #expect(
      message?.hasPrefix("walkthrough script line 3: unknown condition 'tall' (conditions:") == true
    )
  }

  @Test func headerJunkAndEmptyScriptsAreErrors() {
    #expect(
      error { _ = try WalkthroughScript(parsing: "# c\nhello world\n--- p") }?.hasPrefix(
        "walkthrough script line 2: expected 'title: ...'") == true)
    #expect(error { _ = try WalkthroughScript(parsing: "title: only a title\n") } != nil)
    #expect(error { _ = try WalkthroughScript(parsing: "") } != nil)
  }

  @Test func aShowLineMustListExactlyTheViewsInputs() throws {
    func check(_ show: String) throws -> String? {
      let script = try WalkthroughScript(parsing: "--- Intro\nHi.\n--- P\nview: mask\n" + show)
      return error { _ = try Walkthrough(trace: Fixtures.defaultTrace, script: script) }
    }
    let fix = "(show: is optional; the view's inputs are listed in Docs/walkthrough-format.md)"
    #expect(try check("") == nil)
    #expect(
      try check(
        "show: blocks.{layer}.attn.hook_attn_scores blocks.{layer}.attn.hook_attn_scores_unmasked")
        == nil, "any order")
    #expect(
      try check(
        "show: blocks.{layer}.attn.hook_attn_scores_unmasked blocks.{layer}.attn.hook_pattern")
        == "walkthrough script line 3: page 'P' shows blocks.{layer}.attn.hook_pattern, which view "
        + "mask does not read \(fix)")
    #expect(
      try check("show: blocks.{layer}.attn.hook_attn_scores_unmasked")
        == "walkthrough script line 3: page 'P' does not show blocks.{layer}.attn.hook_attn_scores, "
        + "which view mask reads \(fix)")
    #expect(
      try check("show: blocks.0.attn.hook_attn_scores_unmasked blocks.0.attn.hook_attn_scores")?
        .contains("shows blocks.0.attn.hook_attn_scores_unmasked") == true,
      "a fixed layer is not the reader's layer")
  }

  /// `trace` with every activation named by `drop` removed from every pass.
  static func trace(_ trace: Trace, without drop: Set<String>) -> Trace {
    var trace = trace
    for i in trace.passes.indices {
      trace.passes[i].activations.removeAll { drop.contains($0.name) }
    }
    return trace
  }

  @Test func aPageWhoseViewLacksAnInputNamesThePageAndTheHook() throws {
    let script = try WalkthroughScript(
      parsing: "--- Intro\nHi.\n\n--- Norm here\nview: layernorm\nText.\n")
    // Fine with LayerNorm, an error without it.
    _ = try Walkthrough(trace: Fixtures.defaultTrace, script: script)
    #expect(
      error { _ = try Walkthrough(trace: Fixtures.noLayerNormTrace, script: script) }
        == "walkthrough script line 4: page 'Norm here' (view layernorm) reads "
        + "blocks.0.ln1.hook_scale, which the trace does not have in pass 1")
    #expect(throws: ScriptError.self) {
      try Walkthrough(trace: Fixtures.noLayerNormTrace, script: script)
    }
  }

  @Test func aTraceWithWeightsMustHoldTheWeightsAPageDraws() throws {
    let script = try WalkthroughScript(parsing: "--- Q\nview: qkv")
    var trace = Fixtures.defaultTrace
    trace.parameters.removeAll { $0.name == "transformer.h.1.attn.c_attn.weight" }
    #expect(
      error { _ = try Walkthrough(trace: trace, script: script) }
        == "walkthrough script line 1: page 'Q' (view qkv) reads the weight "
        + "transformer.h.1.attn.c_attn.weight, which the trace does not have")
    // Without any weights the page draws boxes: no error.
    trace.parameters = []
    _ = try Walkthrough(trace: trace, script: script)
  }

  @Test func everyLayerTheReaderCanSelectIsChecked() throws {
    // The pattern of the last layer only is missing: layer 0 would draw, layer 1 would not.
    let script = try WalkthroughScript(parsing: "--- Softmax\nview: pattern")
    let trace = Self.trace(Fixtures.defaultTrace, without: ["blocks.1.attn.hook_pattern"])
    #expect(
      error { _ = try Walkthrough(trace: trace, script: script) }
        == "walkthrough script line 1: page 'Softmax' (view pattern) reads "
        + "blocks.1.attn.hook_pattern, which the trace does not have in pass 1")
  }

  @Test func everyPassIsChecked() throws {
    let script = try WalkthroughScript(parsing: "title: t\n--- Guess\nview: prediction")
    var trace = Fixtures.defaultTrace
    trace.passes[2].activations.removeAll { $0.name == "unembed.hook_out" }
    #expect(
      error { _ = try Walkthrough(trace: trace, script: script) }
        == "walkthrough script line 2: page 'Guess' (view prediction) reads unembed.hook_out, "
        + "which the trace does not have in pass 3")
  }

  @Test func unknownPlaceholdersAreErrors() throws {
    let inProse = try WalkthroughScript(parsing: "--- Fine\nThe {weather} today.")
    #expect(
      error { _ = try Walkthrough(trace: Fixtures.defaultTrace, script: inProse) }
        == "walkthrough script line 1: page 'Fine' uses an unknown placeholder {weather}")
    let inTitle = try WalkthroughScript(parsing: "\n--- About {colour}\nText.")
    #expect(
      error { _ = try Walkthrough(trace: Fixtures.defaultTrace, script: inTitle) }?.contains(
        "{colour}") == true)
  }

  @Test func noApplicablePageIsAnError() throws {
    let script = try WalkthroughScript(parsing: "--- Only without LN\nwhen: no-layernorm\nText.")
    #expect(error { _ = try Walkthrough(trace: Fixtures.defaultTrace, script: script) } != nil)
    #expect(try Walkthrough(trace: Fixtures.noLayerNormTrace, script: script).pages.count == 1)
  }

  @Test func theDefaultScriptMatchesEveryTestModel() throws {
    for (name, trace) in Fixtures.traces {
      let walkthrough = try Fixtures.walkthrough(trace)
      #expect(walkthrough.pages.count >= 12, "\(name)")
    }
  }
}
