import Testing

@testable import TinyGPT

/// The bookkeeping identities of attention and the residual stream, each computed from the
/// recorded values with plain loops.
@Suite struct AttentionIdentityTests {
  let model = testModel()
  let tokens = [2, 7, 1, 8, 2, 8]
  let rec: CollectingRecorder

  init() {
    var r = CollectingRecorder()
    _ = model.forward(tokens, hooks: &r)
    rec = r
  }

  @Test func patternRowsSumToOneAndAreExactlyZeroAboveTheDiagonal() {
    for layer in 0..<2 {
      let pattern = rec("blocks.\(layer).attn.hook_pattern")
      let n = tokens.count
      for h in 0..<2 {
        for i in 0..<n {
          let row = (0..<n).map { pattern.data[(h * n + i) * n + $0] }
          #expect(abs(row.reduce(0, +) - 1) < 1e-5)
          for j in (i + 1)..<max(i + 1, n) { #expect(row[j] == 0) }
          #expect(row[0...i].allSatisfy { $0 > 0 })
        }
      }
      let scores = rec("blocks.\(layer).attn.hook_attn_scores")
      #expect(scores.data[1] == -.infinity)  // query 0 may not see key 1
      #expect(scores.data[n] != -.infinity)  // query 1 sees key 0
    }
  }

  @Test func perHeadResultsPlusBiasSumToTheAttentionOutput() {
    let (n, d) = (tokens.count, 8)
    let result = rec("blocks.0.attn.hook_result")
    let out = rec("blocks.0.hook_attn_out")
    let bias = model.parameters.blocks[0].attnProjBias
    var sum = [Float](repeating: 0, count: n * d)
    for p in 0..<n {
      for c in 0..<d {
        sum[p * d + c] = result.data[(p * 2) * d + c] + result.data[(p * 2 + 1) * d + c] + bias[c]
      }
    }
    #expect(close(sum, out.data))
  }

  @Test func concatenationOfPerHeadPatternTimesValuesIsZ() {
    let n = tokens.count
    let pattern = rec("blocks.1.attn.hook_pattern")
    let v = rec("blocks.1.attn.hook_v")
    var z = [Float](repeating: 0, count: n * 8)
    for h in 0..<2 {
      for i in 0..<n {
        for c in 0..<4 {
          var s: Float = 0
          for j in 0..<n { s += pattern.data[(h * n + i) * n + j] * v.data[(j * 2 + h) * 4 + c] }
          z[(i * 2 + h) * 4 + c] = s
        }
      }
    }
    #expect(close(z, rec("blocks.1.attn.hook_z").data))
  }

  @Test func residualStreamBookkeeping() {
    let embed = rec("hook_embed").data
    let posEmbed = rec("hook_pos_embed").data
    #expect(close(zip(embed, posEmbed).map(+), rec("blocks.0.hook_resid_pre").data))
    for l in 0..<2 {
      let pre = rec("blocks.\(l).hook_resid_pre").data
      let mid = rec("blocks.\(l).hook_resid_mid").data
      #expect(close(zip(pre, rec("blocks.\(l).hook_attn_out").data).map(+), mid))
      #expect(
        close(
          zip(mid, rec("blocks.\(l).hook_mlp_out").data).map(+),
          rec("blocks.\(l).hook_resid_post").data))
    }
    #expect(rec("blocks.0.hook_resid_post").data == rec("blocks.1.hook_resid_pre").data)
  }

  @Test func logitsAreFinalLayerNormOutputTimesTheUnembedding() {
    let x = rec("ln_final.hook_out").data
    let wu = model.parameters.tokenEmbedding  // tied: W_U = wteᵀ
    var logits: [Float] = []
    for p in 0..<tokens.count {
      for t in 0..<10 { logits.append((0..<8).reduce(0) { $0 + x[p * 8 + $1] * wu[t, $1] }) }
    }
    #expect(close(logits, rec("unembed.hook_out").data))
  }

  @Test func layerNormStagesAreConsistent() {
    let resid = rec("blocks.0.hook_resid_pre").data
    let scale = rec("blocks.0.ln1.hook_scale").data
    let normalized = rec("blocks.0.ln1.hook_normalized").data
    let ln = model.parameters.blocks[0].ln1
    for p in 0..<tokens.count {
      let row = Array(resid[(p * 8)..<(p * 8 + 8)])
      let mean = row.reduce(0, +) / 8
      for c in 0..<8 {
        #expect(abs((row[c] - mean) / scale[p] - normalized[p * 8 + c]) < 1e-4)
        let expected = normalized[p * 8 + c] * (ln?.weight[c] ?? 1) + (ln?.bias[c] ?? 0)
        #expect(abs(expected - rec("blocks.0.ln1.hook_out").data[p * 8 + c]) < 1e-5)
      }
    }
  }
}
