import TerminalKit
import TinyGPT

/// Every option of every command, declared once. Commands list the ones they take (their help
/// is generated from that list) and read them with `Arguments`.
enum Options {
  // Models and prompts.
  static let model = Option.text(
    "--model", placeholder: "path|name",
    help:
      "A weights file (.json or .safetensors), a Hugging Face GPT-2 folder, or a built-in model: robots (the default) or sort."
  )
  static let prompt = Option.text(
    "--prompt", placeholder: "text", help: "The text to run (default: \"\(defaultPrompt)\").")
  static let passes = Option.integer(
    "--passes", in: 1...1000,
    help:
      "Forward passes to record; each appends the chosen token (default \(defaultPassCount); for a character-level model, enough to fill the context window: n_ctx − prompt tokens + 1, at most \(defaultCharacterPassLimit))."
  )

  // Sampling.
  static let temperature = Option.number(
    "--temperature", placeholder: "t", in: 0...100,
    help: "0 (default) is greedy: always the most probable token. Higher is more random.")
  static let topK = Option.integer(
    "--top-k", placeholder: "k", in: 1...1_000_000,
    help: "Sample only among the k most probable tokens.")
  static let topP = Option.number(
    "--top-p", placeholder: "p", in: 0.000_001...1,
    help: "Sample only among the most probable tokens whose probabilities add up to p.")
  static let seed = Option<UInt64>.seed(
    help: "Seed of the sampling generator (default 0). Same seed, same output.")

  // Interventions.
  static let ablate = Option.text(
    "--ablate", placeholder: "spec",
    help:
      "Switch a part of the model off (repeatable): L0H1 zeroes head 1 of layer 0 (its slice of hook_z), L1.attn or L1.mlp a whole sublayer's output, pos_embed the positional embedding."
  )
  static let noMask = Option.flag(
    "--no-mask", help: "Let attention look ahead: hook_attn_scores = hook_attn_scores_unmasked.")
  static let patch = Option.text(
    "--patch", placeholder: "hook|LxHy",
    help:
      "Replace this hook's value (or one head's slice of hook_z) by its value in pass 0 of the --from trace (repeatable)."
  )
  static let from = Option.text(
    "--from", placeholder: "trace.json", help: "The trace that --patch takes its values from.")

  // Outputs.
  static let output = Option.text(
    "-o", "--output", placeholder: "file", help: "Where to write (default: trace.json).")
  static let force = Option.flag("--force", help: "Overwrite the output file if it exists.")
  static let json = Option.flag("--json", help: "Print JSON for machines instead of tables.")

  // Walkthrough display.
  static let walkthrough = Option.text(
    "--walkthrough", placeholder: "file",
    help: "Use another walkthrough script (format: Docs/walkthrough-format.md).")
  static let all = Option.flag(
    "--all",
    help: "Print every page, one after another, and exit (the default when not on a terminal).")
  static let step = Option.integer(
    "--step", in: 1...10_000, help: "Print page n only and exit.")
  static let layer = Option.integer(
    "--layer", in: 0...10_000, help: "Start at layer n (default 0).")
  static let head = Option.integer("--head", in: 0...10_000, help: "Start at head n (default 0).")
  static let walkLayer = Option.indexOrAll(
    "--layer", in: 0...10_000,
    help:
      "Start at layer n (default 0); all prints the pages that depend on the layer once per layer.")
  static let walkHead = Option.indexOrAll(
    "--head", in: 0...10_000,
    help:
      "Start at head n (default 0); all prints the pages that depend on the head once per head.")
  static let quiz = Option.flag(
    "--quiz",
    help:
      "Before the attention pattern's and the prediction's results, ask the reader to guess with a number key; the score is on the last page."
  )
  static let compare = Option.text(
    "--compare", placeholder: "trace.json",
    help:
      "The baseline for compare mode (c) and the prediction page: this trace instead of the model's own run."
  )
  static let color = Option<ColorChoice>.choice(
    "--color", among: ["auto", "always", "never"],
    help: "Colour output (default auto: on for terminals, off with NO_COLOR)."
  ) {
    ColorChoice(rawValue: $0)
  }
  static let width = Option.integer(
    "--width", in: 20...10_000,
    help: "Lay pages out at n columns (default: the terminal's width, or COLUMNS, or 80).")
  static let autoplay = Option.number(
    "--autoplay", placeholder: "seconds", in: 0.1...3600,
    help:
      "Play the walkthrough by itself for a classroom: every so many seconds a long page scrolls a screenful or the next page opens; space pauses and resumes."
  )
  static let noAnimation = Option.flag(
    "--no-animation", help: "Do not animate the matrix products when moving to the next page.")
  static let format = Option<PageFormat>.choice(
    "--format", among: PageFormat.allCases.map(\.rawValue),
    help:
      "text (default) prints the pages as terminal text; html writes every page into one self-contained HTML file (for a browser or printing; width 100 unless --width)."
  ) { PageFormat(rawValue: $0) }
  static let palette = Option<Palette>(
    names: ["--palette"], placeholder: "name",
    help:
      "Colour scale (repeatable, one of each kind): \(Palette.all.filter { $0.kind == .diverging }.map(\.name).joined(separator: ", ")) for signed values (default \(Palette.defaultDiverging.name)); \(Palette.all.filter { $0.kind == .sequential }.map(\.name).joined(separator: ", ")) for probabilities (default \(Palette.defaultSequential.name)).",
    expected: "one of " + Palette.names.joined(separator: ", "), read: { Palette.named($0) })
  static let record = Option.text(
    "--record", placeholder: "file.cast",
    help:
      "Record the interactive session as an asciicast v2 file (play it with asciinema); with --autoplay the walkthrough ends after the last page."
  )
  static let pagesOutput = output.help(
    "Write the pages to this file instead of standard output (implies --all unless --step).")
  static let outputForce = force.help("Overwrite the -o or --record file if it exists.")
}
