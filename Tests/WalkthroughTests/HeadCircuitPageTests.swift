import Foundation
import Testing
import TinyGPT
import TraceKit
import Walkthrough

/// The QK and OV circuit pages: their matrices, singular values and live checks recomputed here
/// in Double from the trace's activations and the model's weights, in another order.
@Suite struct HeadCircuitPageTests {
  /// The page of `view` rendered at `layer`, `head` as plain text.
  static func text(_ view: PageView, _ trace: Trace, layer: Int, head: Int) throws -> String {
    let walkthrough = try Fixtures.walkthrough(trace)
    let page = try #require(walkthrough.pages.firstIndex { $0.view == view }, "no \(view) page")
    return walkthrough.document(
      page: page, at: WalkthroughPosition(page: page, layer: layer, head: head)
    ).render(width: 240).map(\.plainText).joined(separator: "\n")
  }

  /// The number after `label` in `text` (up to the next space or end of line).
  static func number(after label: String, in text: String) -> Double? {
    guard let range = text.range(of: label) else { return nil }
    let rest = text[range.upperBound...].prefix { !$0.isWhitespace && $0 != ")" && $0 != ";" }
    return Double(rest)
  }

  /// The eigenvalues of the symmetric `n × n` matrix `a`, largest first (cyclic Jacobi).
  static func symmetricEigenvalues(_ a: [Double], n: Int) -> [Double] {
    var a = a
    for _ in 0..<100 {
      var off = 0.0
      for p in 0..<n { for q in 0..<n where p != q { off += a[p * n + q] * a[p * n + q] } }
      if off < 1e-30 { break }
      for p in 0..<n {
        for q in (p + 1)..<n where abs(a[p * n + q]) > 1e-300 {
          let theta = (a[q * n + q] - a[p * n + p]) / (2 * a[p * n + q])
          let t = (theta >= 0 ? 1 : -1) / (abs(theta) + (theta * theta + 1).squareRoot())
          let c = 1 / (t * t + 1).squareRoot()
          let s = t * c
          for k in 0..<n {  // columns p, q
            let (akp, akq) = (a[k * n + p], a[k * n + q])
            a[k * n + p] = c * akp - s * akq
            a[k * n + q] = s * akp + c * akq
          }
          for k in 0..<n {  // rows p, q
            let (apk, aqk) = (a[p * n + k], a[q * n + k])
            a[p * n + k] = c * apk - s * aqk
            a[q * n + k] = s * apk + c * aqk
          }
        }
      }
    }
    return (0..<n).map { a[$0 * n + $0] }.sorted(by: >)
  }

  /// The singular values of the `n × n` matrix `w`: square roots of the eigenvalues of `wᵀw`.
  static func singularValues(_ w: [Double], n: Int) -> [Double] {
    var gram = [Double](repeating: 0, count: n * n)
    for i in 0..<n {
      for j in 0..<n { for k in 0..<n { gram[i * n + j] += w[k * n + i] * w[k * n + j] } }
    }
    return symmetricEigenvalues(gram, n: n).map { max(0, $0).squareRoot() }
  }

  /// The head's slices: W_Q, W_K, W_V `[d_model][d_head]`, their biases, W_O `[d_head][d_model]`.
  struct Head {
    var q: [[Double]], k: [[Double]], v: [[Double]], bq: [Double], bk: [Double], bv: [Double]
    var o: [[Double]]

    init(_ model: Model, layer: Int, head: Int) {
      let block = model.parameters.blocks[layer]
      let (d, dh) = (model.config.dModel, model.config.dHead)
      func slice(_ third: Int) -> [[Double]] {
        (0..<d).map { r in
          (0..<dh).map { Double(block.attnWeight[r, third * d + head * dh + $0]) }
        }
      }
      func bias(_ third: Int) -> [Double] {
        (0..<dh).map { Double(block.attnBias[third * d + head * dh + $0]) }
      }
      (q, k, v) = (slice(0), slice(1), slice(2))
      (bq, bk, bv) = (bias(0), bias(1), bias(2))
      o = (0..<dh).map { r in (0..<d).map { Double(block.attnProjWeight[head * dh + r, $0]) } }
    }
  }

  static func rows(_ a: Activation?) -> [[Double]] {
    guard let a else { return [] }
    let n = a.shape[0]
    let w = a.data.count / max(1, n)
    return (0..<n).map { r in a.data[(r * w)..<((r + 1) * w)].map(Double.init) }
  }

  static func times(_ x: [[Double]], _ w: [[Double]]) -> [[Double]] {
    x.map { row in
      (0..<(w.first?.count ?? 0)).map { c in row.indices.reduce(0.0) { $0 + row[$1] * w[$1][c] } }
    }
  }

  /// The last `count` numbers of the first line whose field before them is `label`, with the
  /// number of decimals each is shown with.
  /// The last `count` numbers of the `occurrence`-th line (0 the first) whose field before them
  /// is `label`, with the number of decimals each is shown with.
  static func shownRow(_ label: String, count: Int, in text: String, occurrence: Int = 0) -> [(
    value: Double, decimals: Int
  )]? {
    var seen = 0
    for line in text.split(separator: "\n") {
      let fields = line.split(separator: " ")
      guard fields.count > count, fields[fields.count - count - 1] == label else { continue }
      let numbers = fields.suffix(count).compactMap { f in
        Double(f).map { ($0, f.split(separator: ".").last?.count ?? 0) }
      }
      guard numbers.count == count else { continue }
      if seen == occurrence { return numbers }
      seen += 1
    }
    return nil
  }

  static func dot(_ a: [Double], _ b: [Double]) -> Double {
    zip(a, b).reduce(0) { $0 + $1.0 * $1.1 }
  }

  static let cases: [(Model, Int, Int)] = [
    (Fixtures.defaultModel, 0, 0), (Fixtures.defaultModel, 0, 1),
    (Fixtures.noLayerNormModel, 1, 1), (Fixtures.sinusoidalModel, 1, 0),
  ]

  @Test(arguments: 0..<4)
  func qkPageIsTheScoresThroughWQK(index: Int) throws {
    let (model, layer, head) = Self.cases[index]
    let trace = try CircuitsPageTests.traceWithWeights(model)
    let text = try Self.text(.qkCircuit, trace, layer: layer, head: head)
    let pass = try #require(trace.passes.first)
    let (d, dh) = (model.config.dModel, model.config.dHead)
    let h = Head(model, layer: layer, head: head)
    let input = model.config.normalizationType == nil ? "hook_resid_pre" : "ln1.hook_out"
    let x = Self.rows(pass.activation(named: "blocks.\(layer).\(input)"))
    let scale = 1 / Double(dh).squareRoot()
    // W_QK entry by entry, and its singular values.
    let wqk = (0..<d).flatMap { i in (0..<d).map { j in Self.dot(h.q[i], h.k[j]) * scale } }
    let sigma = Self.singularValues(wqk, n: d)
    let shown = sigma.prefix(dh).map { String(format: "%.4f", $0) }.joined(separator: " ")
    #expect(text.contains("singular values of W_QK: " + shown), "\(shown) not in\n\(text)")
    #expect(sigma.dropFirst(dh).allSatisfy { $0 < 1e-6 * (sigma.first ?? 1) })
    #expect(text.contains("rank \(dh) (d_head = \(dh)"))
    // The drawn x·W_QK·xᵀ: (x W_Q)(x W_K)ᵀ / √d_head, the queries' rows.
    let (xq, xk) = (Self.times(x, h.q), Self.times(x, h.k))
    let bilinear = xq.map { qr in xk.map { Self.dot(qr, $0) * scale } }
    for (p, token) in pass.tokens.enumerated() {
      let shownRow = try #require(Self.shownRow(token.text, count: x.count, in: text), "row \(p)")
      for (shown, value) in zip(shownRow, bilinear[p]) {
        #expect(abs(shown.value - value) <= 0.5 * pow(10, -Double(shown.decimals)) + 1e-9)
      }
    }
    // The claim checked on the page: with the bias terms, these are the recorded scores.
    let recorded = try #require(
      pass.activation(named: "blocks.\(layer).attn.hook_attn_scores_unmasked"))
    let n = x.count
    var largest = 0.0
    for i in 0..<n {
      for j in 0..<n {
        let q = zip(xq[i], h.bq).map { $0 + $1 }
        let k = zip(xk[j], h.bk).map { $0 + $1 }
        let score = Self.dot(q, k) * scale
        largest = max(largest, abs(score - Double(recorded.data[(head * n + i) * n + j])))
      }
    }
    #expect(largest < 1e-5)
    let shownDifference = try #require(Self.number(after: "max |difference| = ", in: text))
    #expect(shownDifference < 1e-5 && abs(shownDifference - largest) < 1e-6)
  }

  @Test(arguments: 0..<4)
  func ovPageIsTheHeadOutputThroughWOV(index: Int) throws {
    let (model, layer, head) = Self.cases[index]
    let trace = try CircuitsPageTests.traceWithWeights(model)
    let text = try Self.text(.ovCircuit, trace, layer: layer, head: head)
    let pass = try #require(trace.passes.first)
    let (d, dh) = (model.config.dModel, model.config.dHead)
    let h = Head(model, layer: layer, head: head)
    let input = model.config.normalizationType == nil ? "hook_resid_pre" : "ln1.hook_out"
    let x = Self.rows(pass.activation(named: "blocks.\(layer).\(input)"))
    let wov = Self.times(h.v, h.o).flatMap { $0 }
    let sigma = Self.singularValues(wov, n: d)
    let shown = sigma.prefix(dh).map { String(format: "%.4f", $0) }.joined(separator: " ")
    #expect(text.contains("singular values of W_OV: " + shown), "\(shown) not in\n\(text)")
    #expect(sigma.dropFirst(dh).allSatisfy { $0 < 1e-6 * (sigma.first ?? 1) })
    // (pattern · (x W_V + b_V)) W_O against the recorded hook_result[:, h, :].
    let n = x.count
    let pattern = try #require(pass.activation(named: "blocks.\(layer).attn.hook_pattern"))
    let values = Self.times(x, h.v).map { zip($0, h.bv).map { $0 + $1 } }
    let result = try #require(pass.activation(named: "blocks.\(layer).attn.hook_result"))
    var largest = 0.0
    for p in 0..<n {
      let z = (0..<dh).map { c in
        (0..<n).reduce(0.0) { $0 + Double(pattern.data[(head * n + p) * n + $1]) * values[$1][c] }
      }
      for c in 0..<d {
        let out = (0..<dh).reduce(0.0) { $0 + z[$1] * h.o[$1][c] }
        largest = max(
          largest, abs(out - Double(result.data[(p * model.config.nHeads + head) * d + c])))
      }
    }
    #expect(largest < 1e-5)
    let shownDifference = try #require(Self.number(after: "max |difference| = ", in: text))
    #expect(shownDifference < 1e-5 && abs(shownDifference - largest) < 1e-6)
  }

  @Test func aChangedRunSaysItsChecksIncludeTheChange() throws {
    let ablated = try CircuitsPageTests.traceWithWeights(
      Fixtures.defaultModel, interventions: [.ablateHead(layer: 0, head: 0)])
    let plain = try CircuitsPageTests.traceWithWeights(Fixtures.defaultModel)
    for view in [PageView.qkCircuit, .ovCircuit, .basis, .context] {
      #expect(
        try Self.text(view, ablated, layer: 0, head: 0).contains("this run was changed (L0H0)"))
      #expect(!(try Self.text(view, plain, layer: 0, head: 0).contains("this run was changed")))
    }
    // The ablated head's recorded output is zero, so the OV check shows the difference.
    let text = try Self.text(.ovCircuit, ablated, layer: 0, head: 0)
    #expect((Self.number(after: "max |difference| = ", in: text) ?? 0) > 1e-3)
  }

  @Test func circuitPagesOnlyWithWeights() throws {
    let without = try Fixtures.walkthrough(Fixtures.defaultTraceWithoutWeights)
    #expect(!without.pages.contains { $0.view == .qkCircuit || $0.view == .ovCircuit })
    #expect(PageView.qkCircuit.dependsOnHead && PageView.ovCircuit.dependsOnLayer)
  }
}
