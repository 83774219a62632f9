import Foundation
import Testing
import TinyGPT
import TraceKit
import Walkthrough

/// The numbers and words the prose fills in are the trace's, computed again here.
@Suite struct NarrationTests {
  /// A one-page walkthrough whose title is `template`, to read filled placeholders back.
  static func filled(_ template: String, trace: Trace, at position: WalkthroughPosition) throws
    -> String
  {
    let script = try WalkthroughScript(parsing: "--- \(template)\nview: text")
    let title = try Walkthrough(trace: trace, script: script).document(page: 0, at: position).title
    #expect(title.hasPrefix("1/1  "))
    return String(title.dropFirst(5))
  }

  /// `p` as the prose shows a probability: whole percent, or one decimal below 1%.
  static func percentText(_ p: Float) -> String {
    let v = Double(p) * 100
    return v >= 1 || v == 0 ? "\(Int(v.rounded()))%" : String(format: "%.1f%%", v)
  }

  /// Index of the largest value, the first one on ties.
  static func argmax(_ values: ArraySlice<Float>) -> Int {
    var best = values.startIndex
    for i in values.indices where values[i] > values[best] { best = i }
    return best - values.startIndex
  }

  @Test(arguments: [0, 3]) func topCandidatesAreTheLargestProbabilities(_ passIndex: Int) throws {
    let trace = Fixtures.defaultTrace
    let pass = trace.passes[passIndex]
    let probs = try #require(pass.activation(named: "hook_probs"))
    let logits = try #require(pass.activation(named: "unembed.hook_out"))
    let v = trace.config.dVocab
    let lastRow = (pass.tokens.count - 1) * v
    let lastProbs = probs.data[lastRow..<(lastRow + v)]
    // Softmax of the last logits row, computed here in Double.
    let lastLogits = logits.data[lastRow..<(lastRow + v)].map(Double.init)
    let top = lastLogits.max() ?? 0
    let sum = lastLogits.reduce(0) { $0 + exp($1 - top) }
    for (j, x) in lastLogits.enumerated() {
      #expect(abs(Double(lastProbs[lastRow + j]) - exp(x - top) / sum) < 1e-5)
    }
    let best = Self.argmax(lastProbs)
    let first = try #require(pass.candidates.first)
    #expect(first.id == best)
    #expect(first.probability == lastProbs[lastRow + best])
    #expect(pass.chosen.id == best, "greedy sampling picks the most probable token")

    let text = try Self.filled(
      "{top}|{top_prob}|{second}|{second_prob}|{chosen}|{pass}|{n_passes}", trace: trace,
      at: WalkthroughPosition(pass: passIndex))
    let second = pass.candidates[1]
    let expected = [
      "\"\(trace.tokenizer.text(of: best))\"", Self.percentText(lastProbs[lastRow + best]),
      "\"\(second.text)\"", Self.percentText(second.probability), "\"\(pass.chosen.text)\"",
      "\(passIndex + 1)", "\(trace.passes.count)",
    ]
    #expect(text == expected.joined(separator: "|"))
  }

  @Test func strongestIsTheArgmaxOfTheLastPatternRow() throws {
    for (name, trace) in Fixtures.traces {
      let c = trace.config
      for passIndex in [0, trace.passes.count - 1] {
        let pass = trace.passes[passIndex]
        let n = pass.tokens.count
        for layer in 0..<c.nLayers {
          let pattern = try #require(pass.activation(named: "blocks.\(layer).attn.hook_pattern"))
          #expect(pattern.shape == [c.nHeads, n, n])
          for head in 0..<c.nHeads {
            // Row n-1 (the last query) of head `head`: [head, query, key] row-major.
            let start = (head * n + (n - 1)) * n
            let row = pattern.data[start..<(start + n)]
            #expect(abs(row.reduce(0, +) - 1) < 1e-5, "a pattern row sums to 1")
            let key = Self.argmax(row)
            let text = try Self.filled(
              "{strongest}|{strongest_weight}|{layer}|{head}|{last_token}", trace: trace,
              at: WalkthroughPosition(layer: layer, head: head, pass: passIndex))
            let expected = [
              "\"\(pass.tokens[key].text)\"", String(format: "%.2f", Double(row[start + key])),
              "\(layer)", "\(head)", "\"\(pass.tokens[n - 1].text)\"",
            ]
            #expect(
              text == expected.joined(separator: "|"),
              "\(name) pass \(passIndex) L\(layer) H\(head)")
          }
        }
      }
    }
  }

  @Test func modelShapePlaceholdersAreTheConfig() throws {
    let trace = Fixtures.noLayerNormTrace
    let c = trace.config
    let text = try Self.filled(
      "{d_model} {n_heads} {d_head} {d_mlp} {n_layers} {n_ctx} {d_vocab} {act_fn} "
        + "{last_layer} {model}",
      trace: trace, at: .init())
    #expect(text == "8 2 4 32 2 16 12 relu 1 no-layernorm")
    #expect(c.dHead == 4)
    let tokens = try Self.filled(
      "{prompt}|{tokens}|{n_tokens}|{first_token}|{cropped}", trace: trace, at: .init())
    #expect(tokens == "the robots will bring|\"the\", \"robots\", \"will\", \"bring\"|4|\"the\"|0")
    let generated = try Self.filled("{generated}", trace: trace, at: .init())
    // Words joined by spaces, none before punctuation (as `generate` prints them).
    var expected = ""
    for word in trace.passes.map(\.chosen.text) {
      if !expected.isEmpty && ![".", ",", "?"].contains(word) { expected += " " }
      expected += word
    }
    #expect(generated == expected)
    let robots = try Self.filled("{generated}", trace: Fixtures.defaultTrace, at: .init())
    #expect(robots == "prosperity. the robots", "as tracer generate prints it")
  }

  @Test func thePatternPageSaysWhatEachTokenAttendsTo() throws {
    let trace = Fixtures.defaultTrace
    let walkthrough = try Fixtures.walkthrough(trace)
    let page = try #require(walkthrough.pages.firstIndex { $0.view == .pattern })
    let pass = trace.passes[0]
    let n = pass.tokens.count
    for (layer, head) in [(0, 0), (1, 1)] {
      let text = walkthrough.document(
        page: page, at: WalkthroughPosition(page: page, layer: layer, head: head)
      )
      .render(width: 160).map(\.plainText)
      let pattern = try #require(pass.activation(named: "blocks.\(layer).attn.hook_pattern"))
      for query in 0..<n {
        let start = (head * n + query) * n
        let row = pattern.data[start..<(start + n)]
        let key = Self.argmax(row)
        #expect(key <= query, "the mask keeps later keys at zero")
        let line =
          "\"\(pass.tokens[query].text)\" attends most to \"\(pass.tokens[key].text)\" ("
          + String(format: "%.2f", Double(row[start + key])) + ")"
        #expect(text.contains(line), "layer \(layer) head \(head): \(line)")
      }
      let narration = text.joined(separator: " ")
      let last = (head * n + n - 1) * n
      let strongest = pass.tokens[Self.argmax(pattern.data[last..<(last + n)])].text
      #expect(narration.contains("attends most to \"\(strongest)\", with weight"))
    }
  }
}
