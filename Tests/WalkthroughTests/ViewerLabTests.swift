import TensorFiles
import TerminalKit
import Testing
import TinyGPT
import TraceKit
import Walkthrough

/// The viewer's key table, the lab's keys, the table of contents and search.
@Suite struct ViewerLabTests {
  static func viewer(lab: Bool = true) throws -> WalkthroughViewer {
    WalkthroughViewer(
      walkthrough: try Fixtures.walkthrough(Fixtures.defaultTrace), labAvailable: lab)
  }

  static func type(_ text: String, _ viewer: inout WalkthroughViewer) {
    for c in text { _ = viewer.handle(.character(c)) }
  }

  static func jump(to page: Int, _ viewer: inout WalkthroughViewer) {
    type(String(page + 1), &viewer)
    _ = viewer.handle(.enter)
  }

  @Test func everyKeyOfTheTableDoesWhatHelpSays() throws {
    // Each key belongs to one row, except n (next page, or next match during a search).
    var owners: [Key: [KeyBinding.Command]] = [:]
    for binding in KeyBinding.table {
      for key in binding.keys { owners[key, default: []].append(binding.command) }
    }
    for (key, commands) in owners where commands.count > 1 {
      #expect(key == .character("n") && Set(commands) == [.nextPage, .nextMatch], "\(key)")
    }
    #expect(Set(KeyBinding.table.map(\.command)) == Set(KeyBinding.Command.allCases))
    var v = try Self.viewer()
    _ = v.handle(.character("?"))
    let help = v.frame(width: 120, height: 60).map(\.plainText)
    for binding in KeyBinding.table {
      #expect(
        help.contains { $0.contains(binding.keyText) && $0.contains(binding.help) },
        "help lists \(binding.keyText)")
    }
  }

  @Test func tableKeysReachTheirCommands() throws {
    let last = try Self.viewer().walkthrough.pages.count - 1
    func after(_ key: Key, from page: Int = 3) throws -> WalkthroughViewer {
      var v = try Self.viewer()
      Self.jump(to: page, &v)
      _ = v.handle(key)
      return v
    }
    #expect(try after(.character("n")).position.page == 4)
    #expect(try after(.character("l")).position.page == 4)
    #expect(try after(.character("h")).position.page == 2)
    #expect(try after(.home).position.page == 0)
    #expect(try after(.character("G")).position.page == last)
    #expect(try after(.character("g")).contentsSelection == 3)
    #expect(try after(.tab).contentsSelection == 3)
    #expect(try after(.character("/")).input == .search(""))
    #expect(try after(.character("?")).showingHelp)
    #expect(try after(.character("]")).position.head == 1)
    #expect(try after(.character("}")).position.layer == 1)
    var v = try Self.viewer()
    #expect(v.handle(.control("z")) == .suspend)
    #expect(v.handle(.character("e")) == .redraw)
  }

  @Test func editingThePromptRerunsWithTheNewText() throws {
    var v = try Self.viewer()
    Self.jump(to: 6, &v)
    _ = v.handle(.character("e"))
    #expect(v.input == .prompt(text: Fixtures.prompt, cursor: Fixtures.prompt.count, error: nil))
    #expect(
      v.frame(width: 120, height: 5).last?.plainText.contains("prompt: the robots will bring_")
        == true)
    _ = v.handle(.control("u"))
    Self.type("a robot finds mx", &v)
    _ = v.handle(.backspace)
    _ = v.handle(.backspace)
    Self.type("music", &v)
    let action = v.handle(.enter)
    var expected = LabSettings(trace: Fixtures.defaultTrace)
    expected.prompt = "a robot finds music"
    #expect(action == .rerun(expected))
    #expect(v.position.page == 6)
  }

  @Test func anUnknownWordShowsTheSuggestionAndKeepsThePrompt() throws {
    var v = try Self.viewer()
    _ = v.handle(.character("e"))
    _ = v.handle(.control("u"))
    Self.type("the robts", &v)
    #expect(v.handle(.enter) == .redraw, "no re-run")
    let status = try #require(v.frame(width: 200, height: 5).last?.plainText)
    #expect(
      status.contains("robts") && status.contains("did you mean") && status.contains("robots"))
    for width in [40, 60, 80, 100] {
      let narrow = try #require(v.frame(width: width, height: 5).last?.plainText)
      #expect(narrow.contains("prompt: the robts_"), "the typed text stays visible: \(narrow)")
    }
    #expect(v.walkthrough.trace.prompt == Fixtures.prompt, "the old prompt stays")
    #expect(v.handle(.escape) == .redraw)
    #expect(v.input == .none)
    #expect(v.handle(.escape) == .quit, "Esc after the edit is the usual quit")
  }

  @Test func ablationKeysToggleTheCurrentHeadAndMLP() throws {
    var v = try Self.viewer()
    _ = v.handle(.character("]"))
    _ = v.handle(.character("}"))
    var settings = LabSettings(trace: Fixtures.defaultTrace)
    settings.interventions = [.ablateHead(layer: 1, head: 1)]
    #expect(v.handle(.character("a")) == .rerun(settings))
    settings.interventions = [.ablateMLP(layer: 1)]
    #expect(v.handle(.character("A")) == .rerun(settings))
    // With the head ablated (a re-run by hand), `a` restores it and the status line says so.
    let model = Fixtures.defaultModel
    let ablated = try model.trace(
      prompt: Fixtures.prompt, passCount: 1, interventions: [.ablateHead(layer: 1, head: 1)],
      modelName: "built-in", weightsSHA256: WeightsFile.sha256(of: model))
    Self.jump(to: 9, &v)
    v.replace(walkthrough: try Fixtures.walkthrough(ablated))
    #expect(v.position.page == 9 && v.position.layer == 1 && v.position.head == 1)
    #expect(v.frame(width: 200, height: 5).last?.plainText.contains("changed: L1H1") == true)
    if case .rerun(let next) = v.handle(.character("a")) {
      #expect(next.interventions.isEmpty)
    } else {
      Issue.record("a on an ablated head re-runs without it")
    }
  }

  @Test func samplingKeysStepThroughTheirValues() throws {
    var v = try Self.viewer()
    func rerun(_ key: Character) -> SamplingSettings? {
      if case .rerun(let settings) = v.handle(.character(key)) { return settings.sampling }
      return nil
    }
    #expect(rerun("T")?.temperature == 0.25)
    #expect(rerun("t") == nil, "temperature 0 is the lowest step")
    #expect(rerun("K")?.topK == 1)
    #expect(rerun("k") == nil, "top-k off is the first step")
    #expect(rerun("P")?.topP == 0.5)
    #expect(rerun("s")?.seed == 1)
    var settings = LabSettings(trace: Fixtures.defaultTrace)
    settings.sampling = SamplingSettings(temperature: 0.6, topK: 7, topP: 0.8, seed: 4)
    settings.stepTemperature(by: 1)
    settings.stepTopK(by: -1)
    settings.stepTopP(by: 1)
    #expect(settings.sampling == SamplingSettings(temperature: 0.75, topK: 5, topP: 0.9, seed: 4))
    settings.sampling.temperature = 2
    settings.stepTemperature(by: 1)
    #expect(settings.sampling.temperature == 2)
    #expect(settings.samplingText == "T 2 · top-k 5 · top-p 0.9 · seed 4")
    settings.sampling.temperature = 0
    #expect(settings.samplingText == "greedy · top-k 5 · top-p 0.9 (no effect when greedy)")
  }

  @Test func withoutAModelTheLabSaysSo() throws {
    var v = try Self.viewer(lab: false)
    for key in "eaAtTkKpPs" {
      #expect(v.handle(.character(key)) == .redraw)
      #expect(v.frame(width: 200, height: 5).last?.plainText.contains("the lab re-runs") == true)
    }
  }

  @Test func contentsListsTitlesAndJumps() throws {
    var v = try Self.viewer()
    _ = v.handle(.character("g"))
    let lines = v.frame(width: 100, height: 40).map(\.plainText)
    for index in v.walkthrough.pages.indices.prefix(30) {
      #expect(lines.contains { $0.contains("\(index + 1)  \(v.title(ofPage: index))") })
    }
    _ = v.handle(.down)
    _ = v.handle(.down)
    #expect(v.handle(.enter) == .pageChanged)
    #expect(v.position.page == 2 && v.contentsSelection == nil)
    _ = v.handle(.tab)
    _ = v.handle(.down)
    #expect(v.handle(.escape) == .redraw)
    #expect(v.position.page == 2, "Esc goes back without moving")
  }

  @Test func searchFindsPagesAndNFollowsOnlyWhileActive() throws {
    var v = try Self.viewer()
    let term = "softmax"
    let matching = v.walkthrough.pages.indices.filter { page in
      var w = v
      Self.jump(to: page, &w)
      return w.pageLines(width: 100).map(\.plainText).joined(separator: "\n").lowercased()
        .contains(term)
    }
    #expect(matching.count >= 2)
    _ = v.handle(.character("/"))
    Self.type("SoftMax", &v)
    #expect(v.handle(.enter) == .pageChanged)
    #expect(v.position.page == matching[0])
    _ = v.handle(.character("n"))
    #expect(v.position.page == matching[1])
    #expect(v.handle(.escape) == .redraw, "Esc ends the search")
    _ = v.handle(.character("n"))
    #expect(v.position.page == matching[1] + 1, "without a search n is the next page")
    _ = v.handle(.character("/"))
    Self.type("zzz", &v)
    #expect(v.handle(.enter) == .redraw)
    #expect(v.frame(width: 120, height: 5).last?.plainText.contains("no page contains") == true)
  }
}
