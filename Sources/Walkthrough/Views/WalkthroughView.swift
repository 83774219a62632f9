import TerminalKit
import TinyGPT

/// One way a page draws the trace: the activations it reads (typed hook names), how it builds
/// its blocks from them, and what its animation moves over.
///
/// A script names a view (`view: scores`); the walkthrough checks the view's inputs against the
/// trace for every layer the reader can select before any page is drawn.
protocol WalkthroughView: Sendable {
  /// The activations the view reads under `config`, each a hook point and the block it comes
  /// from (the reader's layer, the first, the last, or every one).
  func inputs(for config: ModelConfig) -> [ViewInput]

  /// The learned weights the view draws when the trace carries them (a box otherwise).
  func weights(for config: ModelConfig) -> [WeightInput]

  /// The page's matrices, from `inputs` (the declared activations, looked up by hook point)
  /// and `context` (tokens, position, animation frame). Throws `MissingInput` only when the
  /// view asks for something it did not declare.
  func blocks(_ inputs: ViewInputs, in context: PageContext) throws -> [Block]

  /// The product the viewer animates cell by cell, or nil when the page has no animation.
  func animation(config: ModelConfig, tokenCount: Int) -> ViewAnimation?

  /// The matrices on the page the inspector can visit, the page's result first.
  func inspectable(_ context: PageContext) -> [InspectableMatrix]

  /// Whether the view cannot be drawn without the weights (most views draw a box instead).
  var readsWeights: Bool { get }
}

extension WalkthroughView {
  func weights(for config: ModelConfig) -> [WeightInput] { [] }
  func inspectable(_ context: PageContext) -> [InspectableMatrix] { [] }
  var readsWeights: Bool { false }
}

/// The product a view animates: `rows` × `columns` cells, revealed row by row. Frame `k` fills
/// the first `k` cells and highlights the row and column of cell `k - 1`.
struct ViewAnimation: Equatable, Sendable {
  var rows: Int
  var columns: Int

  /// How many cells the animation fills in.
  var cells: Int { rows * columns }

  /// The frame that shows the first `revealed` cells (nil before the first cell).
  func frame(revealed: Int) -> Reveal? {
    guard revealed > 0, columns > 0 else { return nil }
    return Reveal(count: revealed, row: (revealed - 1) / columns, column: (revealed - 1) % columns)
  }
}

/// The part of a product shown during an animation frame.
struct Reveal {
  var count: Int
  var row: Int
  var column: Int
}

extension PageView {
  /// The type that draws this view.
  var implementation: any WalkthroughView {
    switch self {
    case .text: TextView()
    case .tokens: TokensView()
    case .embeddings: EmbeddingsView()
    case .layerNorm: LayerNormView()
    case .qkv: QKVView()
    case .heads: HeadsView()
    case .scores: ScoresView()
    case .mask: MaskView()
    case .pattern: PatternView()
    case .weightedValues: WeightedValuesView()
    case .combine: CombineView()
    case .mlp: MLPView()
    case .layers: LayersView()
    case .prediction: PredictionView()
    case .generation: GenerationView()
    case .lens: LensView()
    case .attribution: AttributionView()
    case .qkCircuit: QKCircuitView()
    case .ovCircuit: OVCircuitView()
    case .basis: BasisView()
    case .positionShift: PositionShiftView()
    case .context: ContextView()
    case .permutation: PermutationView()
    }
  }
}
