import Foundation
import TensorFiles
import TraceKit

/// `tracer explain`: how one number of a trace was computed, with the real operands.
struct ExplainCommand: Command {
  static let name = "explain"
  static let help = Help(
    usage: "tracer explain <trace.json> '<hook>[i,j,...]' [--pass <n>] [--json]",
    abstract:
      "Show how one cell of a trace was computed: the formula and the arithmetic with the real numbers.",
    discussion:
      "The cell is a hook name and one index per axis, in the order of the activation's axes (see Docs/trace-format.md): 'blocks.0.attn.hook_attn_scores_unmasked[head,query,key]', 'unembed.hook_out[pos,token]'. Products (Q, K, V, scores, z, results, the attention output, the MLP, logits) need the weights in the trace ('tracer trace' puts them in for models up to a million parameters, or with --weights).",
    options: [Options.pass.spec, Options.json.spec],
    examples: [
      "tracer trace -o t.json",
      "tracer explain t.json 'blocks.0.attn.hook_attn_scores_unmasked[0,3,1]'",
      "tracer explain t.json 'unembed.hook_out[3,53]' --pass 0 --json",
    ])

  var path: String
  var cell: String
  var pass: Int
  var json: Bool

  init(parsing arguments: inout Arguments) throws {
    pass = try arguments.value(Options.pass) ?? 0
    json = arguments.isSet(Options.json)
    guard let path = arguments.positional(), let cell = arguments.positional() else {
      throw UsageError("which trace and which cell? (tracer explain <trace.json> '<hook>[i,j]')")
    }
    (self.path, self.cell) = (path, cell)
  }

  func run() throws {
    let trace: Trace
    do {
      trace = try TraceFile.read(contentsOf: path)
    } catch {
      throw RunError("cannot read trace \(excerpt(path, limit: 200)): \(error)")
    }
    let explanation = try trace.explain(CellReference(parsing: cell), pass: pass)
    guard json else {
      try Console.standard.out(explanation.text + "\n")
      return
    }
    struct Output: Encodable {
      var cell: String
      var pass: Int
      var value: Float
      var text: String
      var terms: [[Float]]?
      var scale: Float?
      var bias: Float?
    }
    let output = Output(
      cell: explanation.cell, pass: pass, value: explanation.value, text: explanation.text,
      terms: explanation.terms?.map { [$0.left, $0.right] }, scale: explanation.scale,
      bias: explanation.bias)
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    encoder.nonConformingFloatEncodingStrategy = .convertToString(
      positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
    try Console.standard.out(String(decoding: try encoder.encode(output), as: UTF8.self) + "\n")
  }
}

extension Options {
  static let pass = Option.integer(
    "--pass", in: 0...100_000, help: "Which pass of the trace (default 0, the prompt).")
}
