import Foundation
import TensorFiles
import TinyGPT

/// Explains cells of one pass of a trace from the trace alone (activations, and the weights
/// when the trace carries them), so a replayed trace explains itself like a live one.
struct Explainer {
  let trace: Trace
  let pass: Pass
  let cell: CellReference

  var config: ModelConfig { trace.config }
  var layer: Int? { cell.name.layer }

  /// The recorded activation `point` (in this cell's layer when per-layer).
  func activation(_ point: HookPoint, layer: Int? = nil) throws(ExplainError) -> Activation {
    let name = ActivationName(point, layer: layer ?? self.layer)
    guard let found = pass.activation(name) else {
      throw ExplainError("the trace has no \(name) in this pass")
    }
    return found
  }

  /// The value of `a` at a multi-index.
  func value(_ a: Activation, _ index: [Int]) -> Float {
    var flat = 0
    for (axis, i) in index.enumerated() { flat = flat * a.shape[axis] + i }
    return a.data[flat]
  }

  /// The last axis of `a` at the leading indices `prefix` (a row of `[pos, d]`, a head's vector of
  /// `[pos, head, d_head]`).
  func vector(_ a: Activation, _ prefix: [Int]) -> [Float] {
    let width = a.shape.last ?? 0
    var flat = 0
    for (axis, i) in prefix.enumerated() { flat = flat * a.shape[axis] + i }
    return Array(a.data[(flat * width)..<((flat + 1) * width)])
  }

  /// A weight tensor of the trace, or an error saying the weights are needed.
  func weight(_ name: String) throws(ExplainError) -> Tensor {
    guard let t = trace.parameter(name) else {
      throw ExplainError(
        "explaining \(cell.name) needs the weights, which this trace does not carry "
          + "(record it with 'tracer trace --weights')")
    }
    return t
  }

  /// Column `j` of a `[rows, cols]` weight.
  func column(_ w: Tensor, _ j: Int) -> [Float] {
    let (rows, cols) = (w.shape[0], w.shape[1])
    return (0..<rows).map { w.data[$0 * cols + j] }
  }

  /// Row `i` of a `[rows, cols]` weight.
  func row(_ w: Tensor, _ i: Int) -> [Float] {
    let cols = w.shape[1]
    return Array(w.data[(i * cols)..<((i + 1) * cols)])
  }

  /// The GPT-2 name of a weight of this cell's layer.
  func blockWeight(_ suffix: String) -> String { "transformer.h.\(layer ?? 0).\(suffix)" }

  /// `"bring"` for position p.
  func token(_ p: Int) -> String {
    p < pass.tokens.count ? "\"\(pass.tokens[p].text)\"" : "?"
  }
}

/// Numbers as the explanations print them: enough digits to check with a calculator.
func shown(_ x: Float) -> String {
  if x == -.infinity { return "−∞" }
  if x == 0 { return "0" }
  let text = String(format: "%.4g", Double(x))
  return text.hasPrefix("-") ? "−" + text.dropFirst() : text
}

/// A product written out: the first and last few terms, the count, the sum, scale and bias.
func productLines(
  _ terms: [(left: Float, right: Float)], scale: Float? = nil, scaleText: String? = nil,
  bias: Float? = nil, value: Float
) -> [String] {
  let written = terms.map { "\(shown($0.left))·\(shown($0.right))" }
  let listed =
    written.count <= 6
    ? written.joined(separator: " + ")
    : (written.prefix(3) + ["…"] + written.suffix(2)).joined(separator: " + ")
  let sum = terms.reduce(0.0) { $0 + Double($1.left) * Double($1.right) }
  var first = "= (\(listed))"
  var second = "= \(shown(Float(sum)))"
  if let scale {
    let s = scaleText ?? shown(scale)
    first += " × \(s)"
    second += " × \(s)"
  }
  if let bias {
    first += " + \(shown(bias))"
    second += " + \(shown(bias))"
  }
  first += "      (\(terms.count) term\(terms.count == 1 ? "" : "s"))"
  return [first, scale == nil && bias == nil ? second : second + " = \(shown(value))"]
}
