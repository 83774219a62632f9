import TensorFiles
import TerminalKit
import Testing
import TinyGPT
import TraceKit
import Walkthrough

/// Every reader (weights JSON, safetensors, trace JSON) given seeded structural mutations of a
/// valid file either reads it or throws one short line: never a trap, never a huge message.
/// Every mutated trace that passes validation renders every page of the walkthrough.
@Suite struct ReaderFuzzTests {
  /// Mutated files per reader (a fixed, seeded set, so the run is short and repeatable).
  static let mutations = 300
  /// Mutated traces (each valid one is also rendered, page by page).
  static let traceMutations = 200

  /// A small model: two layers, LayerNorm, learned positions, untied unembedding.
  static let model: Model = {
    let config = ModelConfig(
      nLayers: 2, dModel: 4, nHeads: 2, dMLP: 8, nCtx: 8,
      dVocab: Fixtures.robotsVocabulary.count, tieWordEmbeddings: false)
    do {
      return try Model.randomlyInitialized(
        config: config, tokenizer: Tokenizer(kind: .word, vocabulary: Fixtures.robotsVocabulary),
        seed: 5)
    } catch {
      preconditionFailure("cannot build the fuzz model: \(error)")
    }
  }()

  /// Whether `error` reads as one short line.
  static func isClean(_ error: any Error) -> Bool {
    let text = "\(error)"
    return !text.isEmpty && !text.contains("\n") && text.count <= 300
  }

  /// The fields where a file most easily disagrees with itself: shapes, sizes, token lists.
  static let focus = [
    "shape", "data_offsets", "tokens", "candidates", "chosen", "vocabulary", "n_layers",
    "d_model", "n_heads", "d_head", "d_mlp", "n_ctx", "d_vocab", "passes", "id", "probability",
  ]

  /// `count` mutants of `tree`, each with 1 or 2 mutations.
  static func mutants(of tree: JSONTree, count: Int, seed: UInt64) -> [JSONTree] {
    var rng = RandomSource(seed: seed)
    return (0..<count).map { _ in
      var mutant = tree
      for _ in 0...(rng.next() % 2) { mutant.mutate(rng: &rng, focus: focus) }
      return mutant
    }
  }

  @Test func weightsJSONReaderNeverTraps() throws {
    let tree = try JSONTree(parsing: WeightsFile.encode(Self.model, format: .json))
    var unclean: [String] = []
    var accepted = 0
    for mutant in Self.mutants(of: tree, count: Self.mutations, seed: 1) {
      do {
        _ = try WeightsFile.decode(Array(mutant.text.utf8), format: .json)
        accepted += 1
      } catch {
        if !Self.isClean(error) { unclean.append("\(error)") }
      }
    }
    #expect(unclean.isEmpty, "\(unclean.prefix(3))")
    #expect(accepted < Self.mutations / 2, "most mutations must be refused")
  }

  @Test func safetensorsReaderNeverTraps() throws {
    let bytes = try WeightsFile.encode(Self.model, format: .safetensors)
    let headerLength = bytes[0..<8].reversed().reduce(0) { $0 << 8 | Int($1) }
    let header = try JSONTree(parsing: Array(bytes[8..<(8 + headerLength)]))
    let data = Array(bytes[(8 + headerLength)...])
    var rng = RandomSource(seed: 2)
    var unclean: [String] = []
    var accepted = 0
    for (i, var mutant) in Self.mutants(of: header, count: Self.mutations, seed: 3).enumerated() {
      if i % 3 == 0 { mutant = Self.mutatingMetadataJSON(mutant, rng: &rng) }
      var text = Array(mutant.text.utf8)
      while text.count % 8 != 0 { text.append(UInt8(ascii: " ")) }
      var length = UInt64(text.count)
      switch i % 10 {
      case 7: length += 8  // the length runs into the data
      case 8: length = UInt64.max - 3
      default: break
      }
      var file = withUnsafeBytes(of: length.littleEndian) { Array($0) } + text + data
      if i % 10 == 9 { file.removeLast(Int(rng.next() % 64) + 1) }  // truncated
      do {
        _ = try WeightsFile.decode(file, format: .safetensors)
        accepted += 1
      } catch {
        if !Self.isClean(error) { unclean.append("\(error)") }
      }
    }
    #expect(unclean.isEmpty, "\(unclean.prefix(3))")
    #expect(accepted < Self.mutations / 2, "most mutations must be refused")
  }

  /// The header with its `__metadata__.config` or `.tokenizer` JSON string mutated in turn.
  static func mutatingMetadataJSON(_ header: JSONTree, rng: inout RandomSource) -> JSONTree {
    guard case .object(let fields) = header,
      let m = fields.firstIndex(where: { $0.key == "__metadata__" }),
      case .object(let metadata) = fields[m].value
    else { return header }
    let key = rng.next() % 2 == 0 ? "config" : "tokenizer"
    guard let k = metadata.firstIndex(where: { $0.key == key }),
      case .string(let json) = metadata[k].value,
      var inner = try? JSONTree(parsing: Array(json.utf8))
    else { return header }
    inner.mutate(rng: &rng, focus: focus)
    var result = header
    result.update(at: [m, k]) { _ in .string(inner.text) }
    return result
  }

  @Test func traceReaderNeverTrapsAndValidTracesRender() throws {
    let live = try Self.model.trace(
      prompt: "the robots will", passCount: 2, sampling: .greedy, modelName: "fuzz",
      weightsSHA256: WeightsFile.sha256(of: Self.model))
    let tree = try JSONTree(parsing: TraceFile.encode(live))
    var unclean: [String] = []
    var (accepted, rendered) = (0, 0)
    for mutant in Self.mutants(of: tree, count: Self.traceMutations, seed: 4) {
      let trace: Trace
      do {
        trace = try TraceFile.decode(Array(mutant.text.utf8))
      } catch {
        if !Self.isClean(error) { unclean.append("\(error)") }
        continue
      }
      accepted += 1
      // A trace that passed validation: every page at the first and at the last position.
      guard let walkthrough = try? Walkthrough(trace: trace, script: Fixtures.script) else {
        continue
      }
      let last = WalkthroughPosition(
        page: 0, layer: trace.config.nLayers - 1, head: trace.config.nHeads - 1,
        pass: trace.passes.count - 1)
      // Every page once, at the first or the last layer, head and pass, whole or animated.
      for page in walkthrough.pages.indices {
        var at = (page + rendered) % 2 == 0 ? WalkthroughPosition() : last
        at.page = page
        let revealed = page % 3 == 0 ? 3 : nil
        _ = walkthrough.document(page: page, at: at, revealed: revealed).render(width: 60)
      }
      rendered += 1
    }
    #expect(unclean.isEmpty, "\(unclean.prefix(3))")
    #expect(accepted < Self.traceMutations / 2, "most mutations must be refused")
    #expect(rendered >= 10, "enough valid mutants must reach the renderer (\(rendered))")
  }
}
