import Foundation
import TerminalKit
import Testing
import TinyGPT
import TraceKit
import Walkthrough

/// The pages follow the model: what it has is shown, what it lacks is not.
@Suite struct AdaptationTests {
  /// The plain text of every page, joined.
  static func allText(_ walkthrough: Walkthrough, width: Int = 160) -> String {
    renderedPages(walkthrough, width: width).flatMap { $0.lines.map(\.plainText) }.joined(
      separator: "\n")
  }

  /// The plain text of the first page drawn with `view`.
  static func text(of view: PageView, in walkthrough: Walkthrough, width: Int = 160) throws
    -> String
  {
    let page = try #require(walkthrough.pages.firstIndex { $0.view == view }, "no \(view) page")
    return walkthrough.document(page: page, at: WalkthroughPosition(page: page)).render(
      width: width
    )
    .map(\.plainText).joined(separator: "\n")
  }

  @Test func layerNormPagesOnlyWithLayerNorm() throws {
    let with = try Fixtures.walkthrough(Fixtures.defaultTrace)
    let without = try Fixtures.walkthrough(Fixtures.noLayerNormTrace)
    #expect(with.pages.contains { $0.view == .layerNorm })
    #expect(!without.pages.contains { $0.view == .layerNorm })
    #expect(Self.allText(with).contains("LayerNorm output"))
    for text in [
      "LayerNorm output", "LayerNorm →", "LayerNorm(x)", "(x − mean) / scale", "ln_final",
    ] {
      #expect(!Self.allText(without).contains(text))
    }
    #expect(try Self.text(of: .prediction, in: with).contains("→ LayerNorm →"))
    #expect(try Self.text(of: .mlp, in: with).contains("→ LayerNorm(x) ·"))
    #expect(try Self.text(of: .mlp, in: without).contains("→ x ·"))
  }

  @Test func noPositionEmbeddingMatrixWithoutPositions() throws {
    let none = try Self.text(of: .embeddings, in: Fixtures.walkthrough(Fixtures.noPositionTrace))
    let standard = try Self.text(of: .embeddings, in: Fixtures.walkthrough(Fixtures.defaultTrace))
    #expect(standard.contains("position embedding"))
    #expect(standard.contains("pos 3"), "the position matrix has one row per position")
    #expect(!none.contains("position embedding"))
    #expect(!none.contains("sinusoidal"))
    #expect(!none.contains("pos 0"))
    #expect(none.contains("no positional encoding"))
    #expect(
      try Fixtures.walkthrough(Fixtures.noPositionTrace).pages.filter { $0.view == .embeddings }
        .count == 1)
  }

  @Test func sinusoidalPositionsAreExplainedAsAFormula() throws {
    let walkthrough = try Fixtures.walkthrough(Fixtures.sinusoidalTrace)
    let text = try Self.text(of: .embeddings, in: walkthrough)
    #expect(text.contains("sin(p / 10000^(2i/8))"), "the formula with d_model filled in")
    #expect(text.contains("sinusoidal position"))
    #expect(!text.contains("learned row of its own"))
    #expect(walkthrough.pages.filter { $0.view == .embeddings }.count == 1)
  }

  @Test func sinusoidalValuesFollowTheFormula() throws {
    let pass = try #require(Fixtures.sinusoidalTrace.passes.first)
    let positions = try #require(pass.activation(named: "hook_pos_embed"))
    let d = Fixtures.sinusoidalTrace.config.dModel
    #expect(positions.shape == [pass.tokens.count, d])
    for p in 0..<pass.tokens.count {
      for i in 0..<(d / 2) {
        let angle = Double(p) / pow(10000, Double(2 * i) / Double(d))
        #expect(abs(Double(positions.data[p * d + 2 * i]) - sin(angle)) < 1e-5)
        #expect(abs(Double(positions.data[p * d + 2 * i + 1]) - cos(angle)) < 1e-5)
      }
    }
  }

  @Test func embeddingRowsAreTheModelsRowsAndSumToTheStream() throws {
    let model = Fixtures.defaultModel
    let pass = try #require(Fixtures.defaultTrace.passes.first)
    let embed = try #require(pass.activation(named: "hook_embed"))
    let position = try #require(pass.activation(named: "hook_pos_embed"))
    let stream = try #require(pass.activation(named: "blocks.0.hook_resid_pre"))
    let table = model.parameters.tokenEmbedding
    let d = model.config.dModel
    for (p, token) in pass.tokens.enumerated() {
      #expect(Array(embed.data[(p * d)..<((p + 1) * d)]) == table.row(token.id))
      for j in 0..<d {
        #expect(
          abs(stream.data[p * d + j] - (embed.data[p * d + j] + position.data[p * d + j])) < 1e-6)
      }
    }
  }

  @Test func generationPageOnlyWithMoreThanOnePass() throws {
    let one = try Fixtures.walkthrough(
      Fixtures.trace(Fixtures.defaultModel, name: "one", passes: 1, weights: true))
    let four = try Fixtures.walkthrough(Fixtures.defaultTrace)
    #expect(!one.pages.contains { $0.view == .generation })
    #expect(four.pages.last?.view == .generation)
    #expect(four.pages.count == one.pages.count + 1)
    let text = try Self.text(of: .generation, in: four)
    let lines = text.split(separator: "\n").map(String.init)
    for (i, pass) in Fixtures.defaultTrace.passes.enumerated() {
      let tokens = pass.tokens.map(\.text).joined(separator: " ")
      let line = lines.first { $0.hasPrefix("pass \(i + 1) ") } ?? ""
      #expect(line.contains("→ \(pass.chosen.text) "), "\(line)")
      #expect(line.hasSuffix("after: \(tokens)"), "\(line)")
    }
  }

  @Test func multiLayerPageOnlyWithSeveralLayers() throws {
    let config = ModelConfig(
      nLayers: 1, dModel: 8, nHeads: 2, dMLP: 16, nCtx: 8, dVocab: Fixtures.robotsVocabulary.count)
    let model = try Model.randomlyInitialized(
      config: config, tokenizer: Tokenizer(kind: .word, vocabulary: Fixtures.robotsVocabulary),
      seed: 3)
    let single = try Fixtures.walkthrough(Fixtures.trace(model, name: "one-layer"))
    #expect(!single.pages.contains { $0.view == .layers })
    #expect(try Fixtures.walkthrough(Fixtures.defaultTrace).pages.contains { $0.view == .layers })
  }
}
