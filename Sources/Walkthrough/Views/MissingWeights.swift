/// A page that needs the model's weights, drawn from a trace without them (or without one).
struct MissingWeights: Error, CustomStringConvertible {
  var name: String

  var description: String {
    "the trace does not carry the weight \(name) (record it with --weights)"
  }
}
