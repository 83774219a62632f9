import BuiltinContent
import Foundation
import TensorFiles
import TerminalKit
import Testing
import TinyGPT
import TraceKit
import Walkthrough

/// What pages say about long prompts, long generations, character models and the final
/// LayerNorm.
@Suite struct PageContentTests {
  /// The plain lines of the first page drawn with `view`.
  static func lines(of view: PageView, in walkthrough: Walkthrough, width: Int = 80) throws
    -> [String]
  {
    let page = try #require(walkthrough.pages.firstIndex { $0.view == view }, "no \(view) page")
    return walkthrough.document(page: page, at: WalkthroughPosition(page: page))
      .render(width: width).map(\.plainText)
  }

  @Test func predictionNamesTheFinalLayerNormsOutputAndShowsItsValues() throws {
    let trace = Fixtures.defaultTrace
    let lines = try Self.lines(of: .prediction, in: Fixtures.walkthrough(trace), width: 40)
    #expect(!lines.contains("normalized"), "no row is titled 'normalized'")
    let title = try #require(lines.firstIndex(of: "ln_final.hook_out"))
    // The row under the column header: the last token, then the first values of the row.
    let row = lines[title + 2].split(separator: " ").map(String.init)
    let pass = try #require(trace.passes.first)
    let out = try #require(pass.activation(named: "ln_final.hook_out"))
    let d = trace.config.dModel
    let last = Array(out.data[((pass.tokens.count - 1) * d)..<(pass.tokens.count * d)])
    #expect(row.first == pass.tokens.last?.text)
    for j in 0..<3 {
      let expected = String(format: "%.2f", Double(last[j])).replacingOccurrences(
        of: "-0.00", with: "0.00")
      #expect(row[j + 1] == expected, "column \(j)")
    }
    // Why the label matters: that row is not the variance-1 row the LayerNorm page teaches.
    let normalized = try #require(pass.activation(named: "ln_final.hook_normalized"))
    let n = Array(normalized.data[((pass.tokens.count - 1) * d)..<(pass.tokens.count * d)])
    func variance(_ x: [Float]) -> Float {
      let mean = x.reduce(0, +) / Float(x.count)
      return x.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Float(x.count)
    }
    #expect(abs(variance(n) - 1) < 0.01)
    #expect(abs(variance(last) - 1) > 0.5)
    #expect(lines.joined(separator: " ").contains("learned weight, plus its bias"))
  }

  @Test func generationLinesKeepTheEndOfWhatEachPassSaw() throws {
    // 4 prompt tokens + 15 passes: the later passes are cropped to n_ctx = 16.
    let trace = Fixtures.trace(Fixtures.defaultModel, name: "long", passes: 15)
    let lines = try Self.lines(of: .generation, in: Fixtures.walkthrough(trace))
    var afters: [String] = []
    for (i, pass) in trace.passes.enumerated() {
      let line = try #require(lines.first { $0.hasPrefix("pass \(i + 1) ") })
      #expect(DisplayWidth.of(line) <= 80, "\(line)")
      let after = try #require(line.range(of: "after: ")).upperBound
      let shown = String(line[after...])
      let whole = pass.tokens.map(\.text).joined(separator: " ")
      if pass.croppedTokenCount > 0 {
        #expect(shown.hasPrefix("(\(pass.croppedTokenCount) cropped) … "), "\(line)")
      }
      if shown.count < whole.count {
        #expect(shown.contains("… "), "a cut is marked: \(line)")
        let kept = try #require(shown.components(separatedBy: "… ").last)
        #expect(whole.hasSuffix(" " + kept), "the end is kept: \(line)")
      } else {
        #expect(shown == whole)
      }
      afters.append(shown)
    }
    // Each pass ends with the token the previous one chose, so consecutive lines differ (the
    // text itself repeats with a period of six tokens, so passes further apart may not).
    #expect(zip(afters, afters.dropFirst()).allSatisfy { $0 != $1 }, "\(afters)")
  }

  /// A word model with room for 40 tokens, and a trace of a prompt of `words` words.
  static func longPromptTrace(words: Int) throws -> Trace {
    let config = ModelConfig(
      nLayers: 1, dModel: 8, nHeads: 2, dMLP: 16, nCtx: 40, dVocab: Fixtures.robotsVocabulary.count)
    let model = try Model.randomlyInitialized(
      config: config, tokenizer: Tokenizer(kind: .word, vocabulary: Fixtures.robotsVocabulary),
      seed: 5)
    let prompt = Array(repeating: "the robots will bring", count: words / 4).joined(separator: " ")
    return try model.trace(
      prompt: prompt, passCount: 1, sampling: .greedy, modelName: "long",
      weightsSHA256: WeightsFile.sha256(of: model))
  }

  @Test func aLongPromptIsShownAsABoundedExcerptAfterTheCroppingNotice() throws {
    let trace = try Self.longPromptTrace(words: 20_000)
    let walkthrough = try Fixtures.walkthrough(trace)
    let lines = try Self.lines(of: .tokens, in: walkthrough)
    #expect(lines.count < 50, "\(lines.count) lines")
    #expect(lines.allSatisfy { DisplayWidth.of($0) <= 80 })
    let notice = try #require(
      lines.firstIndex { $0.hasPrefix("(the first 19960 tokens were cropped") })
    let prompt = try #require(lines.firstIndex { $0.hasPrefix("prompt  ") })
    #expect(notice < prompt, "the cropping is said first")
    let hidden = trace.prompt.count - 32
    #expect(
      lines[prompt] == "prompt  \"the robots will  … \(hidden) more characters … obots will bring\""
    )
    // 40 tokens: the first 8, a row counting the 24 left out, the last 8.
    #expect(lines.contains { $0.hasPrefix("       …   24 more") })
    #expect(
      lines.contains { $0.hasPrefix("       7   ") }
        && !lines.contains { $0.hasPrefix("       8   ") })
    #expect(lines.contains { $0.hasPrefix("      39   ") })
    // The narration's {prompt} is the same excerpt.
    #expect(lines.joined(separator: " ").contains("… \(hidden) more characters …"))
  }

  static let sortTrace: Trace = {
    do {
      let json = try #require(BuiltinContent.models.first { $0.name == "sort" }).json
      let model = try WeightsFile.decode(json, format: .json)
      return try model.trace(
        prompt: "ebdca|", passCount: 4, sampling: .greedy, modelName: "sort",
        weightsSHA256: WeightsFile.sha256(of: model))
    } catch {
      preconditionFailure("cannot trace the sort model: \(error)")
    }
  }()

  @Test func aCharacterModelsWalkthroughSpeaksOfCharactersAndJoinsThem() throws {
    let trace = Self.sortTrace
    #expect(trace.tokenizer.kind == .char)
    let walkthrough = try Fixtures.walkthrough(trace)
    #expect(walkthrough.pages.first?.title == "Characters become numbers")
    #expect(!walkthrough.pages.contains { $0.title.contains("Words") })
    let all = AdaptationTests.allText(walkthrough, width: 80)
    #expect(!all.contains("words"), "no page speaks of words")
    #expect(all.contains("The order of the characters matters"))
    let lines = try Self.lines(of: .generation, in: walkthrough)
    for (i, pass) in trace.passes.enumerated() {
      let seen = pass.tokens.map(\.text).joined()
      #expect(lines.contains { $0.hasPrefix("pass \(i + 1) ") && $0.hasSuffix("after: \(seen)") })
    }
    let text = trace.prompt + trace.passes.map(\.chosen.text).joined()
    #expect(lines.contains("text so far: \(text)"))
    // A word model keeps its words and spaces.
    let words = try Fixtures.walkthrough(Fixtures.defaultTrace)
    #expect(words.pages.first?.title == "Words become numbers")
    #expect(AdaptationTests.allText(words).contains("The order of the words matters"))
  }
}
