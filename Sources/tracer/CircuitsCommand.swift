import Foundation
import TinyGPT

/// `tracer circuits`: the QK and OV circuits of one head, from its weights.
struct CircuitsCommand: Command {
  static let name = "circuits"
  static let help = Help(
    usage: "tracer circuits --layer <n> --head <n> [--json] [--model <path>]",
    abstract: "Print a head's QK and OV circuits: rank, singular values, norm, largest entries.",
    discussion:
      "W_QK = W_Q,h · W_K,hᵀ / √d_head and W_OV = W_V,h · W_O,h are d_model × d_model matrices of rank at most d_head, made from the weights alone, so interventions (which change a run's values, not the weights) do not apply. The rank counts singular values above σ_max · max(rows, cols) · ε_float32. Exact definitions in Docs/cli.md.",
    options: [
      Options.layer.help("The head's layer (0-based).").spec,
      Options.head.help("The head within the layer (0-based).").spec, Options.json.spec,
    ] + ModelOptions.specs,
    examples: ["tracer circuits --layer 0 --head 1", "tracer circuits --layer 1 --head 0 --json"])

  var model: ModelOptions
  var layer: Int
  var head: Int
  var json: Bool

  /// How many of the largest entries are listed.
  static let largestCount = 5

  init(parsing arguments: inout Arguments) throws {
    model = try ModelOptions(parsing: &arguments)
    guard let layer = try arguments.value(Options.layer),
      let head = try arguments.value(Options.head)
    else { throw UsageError("circuits needs --layer <n> and --head <n>") }
    self.layer = layer
    self.head = head
    json = arguments.isSet(Options.json)
  }

  func run() throws {
    let (model, name) = try model.load()
    let c = model.config
    guard layer < c.nLayers else {
      throw UsageError(
        "--layer \(layer) is out of range (the model has \(c.nLayers) layers, 0–\(c.nLayers - 1))")
    }
    guard head < c.nHeads else {
      throw UsageError(
        "--head \(head) is out of range (the model has \(c.nHeads) heads per layer, 0–\(c.nHeads - 1))"
      )
    }
    let circuits = model.circuits(layer: layer, head: head)
    try Console.standard.out(
      json ? try self.json(circuits) : text(circuits, model: name, config: c))
  }

  /// Both circuits as text, one section each.
  func text(_ circuits: HeadCircuits, model name: String, config c: ModelConfig) -> String {
    var lines = [
      "head L\(layer)H\(head) of \(name) (d_model \(c.dModel), d_head \(c.dHead)), from its weights"
    ]
    let sections: [(CircuitMatrix, String, String)] = [
      (circuits.qk, "W_QK = W_Q,h · W_K,hᵀ / √d_head", "query-side, column = key-side"),
      (circuits.ov, "W_OV = W_V,h · W_O,h", "read from the attended position, column = written"),
    ]
    for (m, definition, axes) in sections {
      lines += [
        "", "\(definition)   [\(m.rows) × \(m.cols)]",
        "  rank \(m.rank) (at most d_head = \(c.dHead)): singular values above "
          + "σ_max · max(rows, cols) · ε_float32 = \(number(m.tolerance))",
        "  singular values: " + m.singularValues.map(number).joined(separator: " "),
        "  Frobenius norm: \(number(m.frobeniusNorm))",
        "  largest entries (row = residual dimension \(axes)):",
      ]
      for entry in m.largest(Self.largestCount) {
        lines.append("    [\(entry.row), \(entry.column)]  \(String(format: "%+.6g", entry.value))")
      }
    }
    return lines.joined(separator: "\n") + "\n"
  }

  /// `W_QK` and `W_OV`, each with its shape, rank, singular values, norm, tolerance, largest.
  func json(_ circuits: HeadCircuits) throws -> String {
    struct Entry: Encodable {
      var row: Int
      var column: Int
      var value: Double
    }
    struct Circuit: Encodable {
      var shape: [Int]
      var rank: Int
      var singular_values: [Double]
      var frobenius_norm: Double
      var tolerance: Double
      var tolerance_rule: String
      var largest: [Entry]

      init(_ m: CircuitMatrix) {
        shape = m.shape
        rank = m.rank
        singular_values = m.singularValues
        frobenius_norm = m.frobeniusNorm
        tolerance = m.tolerance
        tolerance_rule = CircuitMatrix.toleranceRule
        largest = m.largest(CircuitsCommand.largestCount).map {
          Entry(row: $0.row, column: $0.column, value: $0.value)
        }
      }
    }
    struct Output: Encodable {
      var layer: Int
      var head: Int
      var W_QK: Circuit
      var W_OV: Circuit
    }
    let output = Output(
      layer: layer, head: head, W_QK: Circuit(circuits.qk), W_OV: Circuit(circuits.ov))
    return try encodedJSON(output)
  }
}
