import TerminalKit
import Testing
import TinyGPT
import TraceKit
import Walkthrough

/// `--quiz`: questions derived from the trace, answered with number keys, and the score.
@Suite struct QuizTests {
  static func page(_ view: PageView, _ walkthrough: Walkthrough) throws -> Int {
    try #require(walkthrough.pages.firstIndex { $0.view == view })
  }

  @Test func questionsComeFromTheTrace() throws {
    let trace = Fixtures.defaultTrace
    let walkthrough = try Fixtures.walkthrough(trace)
    let patternPage = try Self.page(.pattern, walkthrough)
    let q = try #require(
      walkthrough.quizQuestion(
        page: patternPage, at: WalkthroughPosition(page: patternPage, layer: 1, head: 1)))
    // pattern [head, query, key]: head 1's row for the last query.
    let pattern = try #require(
      trace.passes[0].activations.first { $0.name == "blocks.1.attn.hook_pattern" })
    let n = try #require(pattern.shape.last)
    let row = (0..<n).map { pattern.data[1 * n * n + (n - 1) * n + $0] }
    let best = try #require(row.indices.max { row[$0] < row[$1] })
    #expect(q.options.count == min(4, n))
    #expect(
      q.answers.map { q.options[$0] } == [
        "\"\(trace.passes[0].tokens[best].text)\" (position \(best))"
      ])
    #expect(q.numbers.contains(NumberText.fixed(row[best], decimals: 3)))

    let predictionPage = try Self.page(.prediction, walkthrough)
    let p = try #require(
      walkthrough.quizQuestion(page: predictionPage, at: WalkthroughPosition(page: predictionPage)))
    let logits = try #require(trace.passes[0].activations.first { $0.name == "unembed.hook_out" })
    let vocab = try #require(logits.shape.last)
    let last = Array(logits.data.suffix(vocab))
    let top = try #require(last.indices.max { last[$0] < last[$1] })
    #expect(p.options.count == 4)
    #expect(p.answers.map { p.options[$0] } == ["\"\(trace.tokenizer.text(of: top))\""])
    #expect(walkthrough.quizQuestion(page: 0, at: WalkthroughPosition()) == nil)
  }

  @Test func theViewerAsksThenShowsTheAnswerAndTheScore() throws {
    let walkthrough = try Fixtures.walkthrough(Fixtures.defaultTrace)
    let patternPage = try Self.page(.pattern, walkthrough)
    var viewer = WalkthroughViewer(
      walkthrough: walkthrough, position: WalkthroughPosition(page: patternPage), quiz: true)
    let question = try #require(viewer.pendingQuestion)
    let asked = viewer.pageLines(width: 80).map(\.plainText).joined(separator: "\n")
    #expect(asked.contains("Quiz") && asked.contains(question.text))
    #expect(!asked.contains("attends most to"), "the narration would give the answer away")
    let right = try #require(question.answers.min())
    #expect(viewer.handle(.character(Character(String(right + 1)))) == .redraw)
    #expect(viewer.pendingQuestion == nil)
    let shown = viewer.pageLines(width: 80).map(\.plainText).joined(separator: "\n")
    #expect(shown.contains("quiz: you chose \(right + 1), right"))
    #expect(shown.contains("attends most to"), "then the page itself")

    let predictionPage = try Self.page(.prediction, walkthrough)
    _ = viewer.handle(.end)
    #expect(viewer.position.page == walkthrough.pages.count - 1)
    for c in String(predictionPage + 1) { _ = viewer.handle(.character(c)) }
    _ = viewer.handle(.enter)
    let prediction = try #require(viewer.pendingQuestion)
    let wrong = try #require(prediction.options.indices.first { !prediction.answers.contains($0) })
    _ = viewer.handle(.character(Character(String(wrong + 1))))
    #expect(viewer.quiz?.right == 1 && viewer.quiz?.asked == 2)
    _ = viewer.handle(.end)
    #expect(
      viewer.pageLines(width: 80).contains { $0.plainText == "quiz score: 1 of 2 answered right" })
  }
}
