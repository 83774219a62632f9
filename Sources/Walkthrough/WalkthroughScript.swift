/// A walkthrough: a title and an ordered list of pages, read from a text file a teacher can edit.
///
/// The format is documented in `Docs/walkthrough-format.md`.
public struct WalkthroughScript: Equatable, Sendable {
  public var title: String
  public var pages: [PageSpec]

  public init(title: String, pages: [PageSpec]) {
    self.title = title
    self.pages = pages
  }
}

/// One page of a script: which view draws it and what it says. The view knows which
/// activations it reads.
public struct PageSpec: Equatable, Sendable {
  /// The page's title, which may contain `{placeholders}`.
  public var title: String
  /// How the page's matrices are drawn.
  public var view: PageView
  /// The optional `show:` line: the view's inputs as the documentation writes them
  /// (`blocks.{layer}.attn.hook_q`). Views know their inputs; when a script lists them anyway,
  /// the list must be exactly the view's.
  public var show: [String]
  /// The page appears only when every condition holds for the trace.
  public var conditions: [PageCondition]
  /// Paragraphs of prose, with `{placeholders}` filled from the trace.
  public var narration: [String]
  /// The line of the script where the page starts (for error messages).
  public var line: Int

  public init(
    title: String, view: PageView, show: [String] = [], conditions: [PageCondition] = [],
    narration: [String] = [], line: Int = 0
  ) {
    self.title = title
    self.view = view
    self.show = show
    self.conditions = conditions
    self.narration = narration
    self.line = line
  }
}

/// The ways a page can draw the trace, by the name a script gives them. Each is one type in
/// `Views/` that declares the activations it reads.
public enum PageView: String, CaseIterable, Sendable {
  /// Prose only.
  case text
  /// The prompt, its tokens and their ids.
  case tokens
  /// Token embeddings + position embeddings = the residual stream.
  case embeddings
  /// A LayerNorm: scale, normalized, and after weight and bias.
  case layerNorm = "layernorm"
  /// `x · W_Q = Q`, and the same for K and V.
  case qkv
  /// Q, K and V cut into heads.
  case heads
  /// `Q_h · K_hᵀ / √d_head` per head, before the mask.
  case scores
  /// The causal mask applied to the scores.
  case mask
  /// Softmax: the attention pattern.
  case pattern
  /// `pattern · V` per head.
  case weightedValues = "weighted-values"
  /// Concatenation, `W_O`, and the residual add.
  case combine
  /// The MLP and its residual add.
  case mlp
  /// An overview of every layer's contribution to the residual stream.
  case layers
  /// Final LayerNorm, logits, probabilities and the chosen token.
  case prediction
  /// The generated tokens, pass by pass.
  case generation
  /// The logit lens: every layer's stream read as a prediction (needs the weights in the trace).
  case lens
  /// Direct logit attribution of the top token (needs the weights in the trace).
  case attribution
  /// The reader's head's QK circuit `W_QK`, its singular values and a live check against the
  /// recorded scores (needs the weights in the trace).
  case qkCircuit = "qk-circuit"
  /// The reader's head's OV circuit `W_OV`, its singular values and a live check against the
  /// head's recorded output (needs the weights in the trace).
  case ovCircuit = "ov-circuit"
  /// The reader's head's values in another basis, `V · R` with `R⁻¹ · W_O`: the same output
  /// (needs the weights in the trace).
  case basis = "value-basis"
  /// Sinusoidal positions: the fixed rotation M with `PE(k+1) = PE(k) · M`, checked per row.
  case positionShift = "position-shift"
  /// What layer 0's attention brought into the row every layer-1 head reads, per source token
  /// (needs the weights in the trace).
  case context = "context-vectors"
  /// The prompt shuffled and run without positions and mask (`Trace.permutation`): every
  /// per-position row moves with its token.
  case permutation
}

/// A property of the trace that decides whether a page appears.
public enum PageCondition: String, CaseIterable, Sendable {
  case layerNorm = "layernorm"
  case noLayerNorm = "no-layernorm"
  case positionalStandard = "positional-standard"
  case positionalSinusoidal = "positional-sinusoidal"
  case positionalNone = "positional-none"
  case positional = "positional"
  case multiLayer = "multi-layer"
  case tokenizerWord = "tokenizer-word"
  case tokenizerChar = "tokenizer-char"
  case tokenizerBPE = "tokenizer-bpe"
  case generation = "generation"
  /// The trace carries the model's weights (trace format 2 `parameters`).
  case weights = "weights"
}
