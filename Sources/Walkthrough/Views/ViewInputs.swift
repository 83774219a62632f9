import TinyGPT
import TraceKit

/// The activations a view declared, resolved for one pass at the reader's layer and looked up
/// by hook point. Asking for anything the view did not declare throws, even when the trace has
/// it, so a view cannot read more than it declares.
final class ViewInputs {
  private let declared: [ViewInput]
  private let values: [ActivationName: Activation]
  private let readerLayer: Int
  private let config: ModelConfig
  private let declaredWeights: [WeightInput]
  /// The declared weights of the reader's block; empty when the trace carries no weights.
  private let weightValues: [WeightInput: Tensor]
  /// Every name the view has asked for so far (tests compare it with the declaration).
  private(set) var read: Set<ActivationName> = []
  /// Every weight name the view has asked for so far.
  private(set) var readWeights: Set<String> = []

  /// Resolves `declared` in `pass` at `layer`; throws `MissingInput` naming the first
  /// activation the pass lacks.
  /// `weights` are looked up in `parameters` (a trace's weights); a trace without weights
  /// gives none, one with weights must hold every declared one.
  init(
    _ declared: [ViewInput], weights: [WeightInput] = [], parameters: [NamedTensor] = [],
    pass: Pass, layer: Int, config: ModelConfig
  ) throws {
    var weightValues: [WeightInput: Tensor] = [:]
    if !parameters.isEmpty {
      for weight in weights {
        let name = weight.name(layer: layer)
        guard let tensor = parameters.first(where: { $0.name == name })?.tensor else {
          throw MissingInput(name: name, declared: true)
        }
        weightValues[weight] = tensor
      }
    }
    self.declaredWeights = weights
    self.weightValues = weightValues
    var values: [ActivationName: Activation] = [:]
    for input in declared {
      for name in input.names(readerLayer: layer, config: config) {
        guard let value = pass.activation(name) else {
          throw MissingInput(name: name.description, declared: true)
        }
        values[name] = value
      }
    }
    self.declared = declared
    self.values = values
    self.readerLayer = layer
    self.config = config
  }

  /// Whether the view declared `point` (for inputs that depend on the config).
  func declares(_ point: HookPoint) -> Bool { declared.contains { $0.point == point } }

  /// The declared activation at `point`, from the block its declaration names.
  func callAsFunction(_ point: HookPoint) throws -> Activation {
    guard let input = declared.first(where: { $0.point == point && $0.layer != .every }),
      let name = input.names(readerLayer: readerLayer, config: config).first
    else { throw MissingInput(name: point.rawValue, declared: false) }
    return try value(name)
  }

  /// The declared activation at `point` in block `layer` (for inputs read from every block).
  func callAsFunction(_ point: HookPoint, layer: Int) throws -> Activation {
    let name = ActivationName(point, layer: layer)
    guard declared.contains(where: { $0.point == point && $0.layer == .every }) else {
      throw MissingInput(name: name.description, declared: false)
    }
    return try value(name)
  }

  /// The declared weight as a matrix, or nil when the trace carries no weights (the page then
  /// draws a box).
  func weight(_ weight: WeightInput) throws -> Matrix? {
    guard declaredWeights.contains(weight) else {
      throw MissingInput(name: weight.description, declared: false)
    }
    guard let tensor = weightValues[weight] else { return nil }
    readWeights.insert(weight.name(layer: readerLayer))
    return tensor.matrix
  }

  private func value(_ name: ActivationName) throws -> Activation {
    guard let value = values[name] else {
      throw MissingInput(name: name.description, declared: false)
    }
    read.insert(name)
    return value
  }
}

/// An activation a view could not get: the trace lacks it, or the view did not declare it.
struct MissingInput: Error, CustomStringConvertible {
  var name: String
  /// Whether the view declared the activation (then the trace lacks it).
  var declared: Bool

  var description: String {
    declared
      ? "the trace has no \(name)" : "the view reads \(name), which it does not declare"
  }
}
