/// The options of one training run.
public struct TrainingSettings: Equatable, Sendable {
  public var steps: Int = 2000
  /// Sequences per step.
  public var batchSize: Int = 16
  /// The peak learning rate.
  public var learningRate: Float = 3e-3
  public var weightDecay: Float = 0.01
  /// Linear warm-up steps (default: a tenth of the steps, at most 200).
  public var warmupSteps: Int?
  /// Gradients with a larger global norm are scaled down to it.
  public var gradientClip: Float = 1
  /// Seeds the batches (the initialisation has its own seed).
  public var seed: UInt64 = 0
  /// Steps between held-out evaluations reported to the progress callback (0: never).
  public var evalEvery: Int = 0

  public init() {}

  /// Throws `TrainingError.invalidSetting` for the first setting out of range.
  public func validate() throws {
    func check(_ ok: Bool, _ name: String, _ reason: String) throws {
      if !ok { throw TrainingError.invalidSetting(name: name, reason: reason) }
    }
    try check(steps >= 1, "--steps", "must be at least 1, got \(steps)")
    try check(batchSize >= 1, "--batch-size", "must be at least 1, got \(batchSize)")
    try check(
      learningRate > 0 && learningRate.isFinite, "--lr",
      "must be a positive number, got \(learningRate)")
    try check(
      weightDecay >= 0 && weightDecay.isFinite, "--weight-decay",
      "must be zero or positive, got \(weightDecay)")
    try check(
      gradientClip > 0 && gradientClip.isFinite, "gradient clip", "must be positive")
    try check(evalEvery >= 0, "--eval-every", "must be zero or positive, got \(evalEvery)")
  }

  /// The warm-up length actually used.
  public var effectiveWarmupSteps: Int { warmupSteps ?? min(200, max(1, steps / 10)) }
}
