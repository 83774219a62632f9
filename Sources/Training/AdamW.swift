import Foundation
import TinyGPT

/// AdamW (Adam with decoupled weight decay), over the flat canonical order of `Parameters`.
public struct AdamW: Sendable {
  public var beta1: Float = 0.9
  public var beta2: Float = 0.95
  public var epsilon: Float = 1e-8
  /// Decoupled decay applied to matrices only (not biases or LayerNorm parameters).
  public var weightDecay: Float
  /// First and second moment estimates, one per weight.
  var m: [Float]
  var v: [Float]
  /// Steps taken so far (for the bias correction).
  public private(set) var step = 0

  public init(parameterCount: Int, weightDecay: Float) {
    self.weightDecay = weightDecay
    m = [Float](repeating: 0, count: parameterCount)
    v = [Float](repeating: 0, count: parameterCount)
  }

  /// One update of `parameters` with `gradients` at `learningRate`.
  public mutating func update(
    _ parameters: inout Parameters, gradients: [Float], learningRate: Float
  ) {
    step += 1
    let correction1 = 1 - powf(beta1, Float(step))
    let correction2 = 1 - powf(beta2, Float(step))
    var offset = 0
    parameters.forEachArray { values, isMatrix in
      let decay = isMatrix ? weightDecay : 0
      for i in values.indices {
        let j = offset + i
        let g = gradients[j]
        m[j] = beta1 * m[j] + (1 - beta1) * g
        v[j] = beta2 * v[j] + (1 - beta2) * g * g
        let mHat = m[j] / correction1
        let vHat = v[j] / correction2
        values[i] -= learningRate * (mHat / (vHat.squareRoot() + epsilon) + decay * values[i])
      }
      offset += values.count
    }
  }
}

/// The learning rate at each step: linear warm-up, then cosine decay to `minimumFraction`.
public struct LearningRateSchedule: Sendable {
  public var peak: Float
  public var warmupSteps: Int
  public var totalSteps: Int
  /// The final learning rate as a fraction of the peak.
  public var minimumFraction: Float = 0.1

  public init(peak: Float, warmupSteps: Int, totalSteps: Int) {
    self.peak = peak
    self.warmupSteps = warmupSteps
    self.totalSteps = totalSteps
  }

  /// The rate for step `step` (0-based).
  public func rate(at step: Int) -> Float {
    if step < warmupSteps { return peak * Float(step + 1) / Float(warmupSteps) }
    let span = max(1, totalSteps - warmupSteps)
    let progress = Double(min(step - warmupSteps, span)) / Double(span)
    let cosine = Float(0.5 * (1 + cos(Double.pi * progress)))
    return peak * (minimumFraction + (1 - minimumFraction) * cosine)
  }
}

/// Global L2 norm of a gradient vector, in Double.
public func globalNorm(_ values: [Float]) -> Double {
  values.reduce(0.0) { $0 + Double($1) * Double($1) }.squareRoot()
}
