import Foundation
import TensorFiles

extension Tokenizer {
  /// The GPT-2 tokenizer files of a Hugging Face folder, or OpenAI's originals, first found wins.
  public static let gpt2FileNames = [
    ["vocab.json", "merges.txt"], ["encoder.json", "vocab.bpe"], ["tokenizer.json"],
  ]

  /// Reads GPT-2's byte-level BPE tokenizer from `directory`: `vocab.json` + `merges.txt`,
  /// OpenAI's `encoder.json` + `vocab.bpe`, or a Hugging Face `tokenizer.json` with a BPE model
  /// and a ByteLevel pre-tokenizer. `<|endoftext|>` (and `tokenizer.json`'s special added
  /// tokens) encode as one token. Returns `nil` when the folder has none of these files.
  public static func readGPT2(directory: String) throws -> Tokenizer? {
    func path(_ name: String) -> String { (directory as NSString).appendingPathComponent(name) }
    let exists = { (name: String) in FileManager.default.fileExists(atPath: path(name)) }
    guard let names = gpt2FileNames.first(where: { $0.allSatisfy(exists) }) else { return nil }
    if names.count == 1 { return try readTokenizerJSON(path(names[0])) }
    let vocabulary = try readVocabularyJSON(path(names[0]))
    let merges = try readMerges(path(names[1]))
    let special = vocabulary.contains(endOfText) ? [endOfText] : []
    do {
      return try Tokenizer(bytePairVocabulary: vocabulary, merges: merges, specialTokens: special)
    } catch {
      throw ModelError.malformedFile("\(path(names[1])): \(error)")
    }
  }

  /// GPT-2's end-of-text token.
  public static let endOfText = "<|endoftext|>"

  /// The largest vocabulary accepted from a file, so that ids read from it bound memory.
  static let maximumVocabularySize = 10_000_000

  /// Reads `{"token": id, ...}` into a dense vocabulary; ids must be `0..<n` with no gap.
  static func readVocabularyJSON(_ path: String) throws -> [String] {
    let bytes = try FileBytes.read(contentsOf: path)
    return try bytes.withUnsafeBufferPointer { buffer in
      do {
        var s = JSONScanner(buffer)
        let pairs = try readVocabularyObject(&s, path: path)
        guard s.isAtEnd() else {
          throw JSONSyntaxError.malformed(offset: s.offset, expected: "the end of the file")
        }
        return try denseVocabulary(pairs, path: path)
      } catch let error as JSONSyntaxError {
        throw ModelError.malformedFile("\(path): \(error)")
      }
    }
  }

  /// Reads a `{"token": id}` object at the scanner.
  static func readVocabularyObject(
    _ s: inout JSONScanner, path: String
  ) throws -> [(String, Int)] {
    var pairs: [(String, Int)] = []
    try s.readObject { s, token in
      let at = s.offset
      let id = try s.readInt()
      guard id >= 0 && id < maximumVocabularySize else {
        throw ModelError.malformedFile("\(path): token id \(id) at byte \(at) is out of range")
      }
      pairs.append((token, id))
    }
    return pairs
  }

  /// Token/id pairs as an array indexed by id; refuses a repeated id or a gap.
  static func denseVocabulary(_ pairs: [(String, Int)], path: String) throws -> [String] {
    var vocabulary = [String?](repeating: nil, count: pairs.count)
    for (token, id) in pairs {
      guard id < pairs.count, vocabulary[id] == nil else {
        throw ModelError.malformedFile(
          "\(path): token ids must be 0..<\(pairs.count) with no repeat (found id \(id))")
      }
      vocabulary[id] = token
    }
    return vocabulary.map { $0 ?? "" }
  }

  /// Reads merge rules, one `left right` per line, skipping a `#version` line and blank lines.
  static func readMerges(_ path: String) throws -> [String] {
    let bytes = try FileBytes.read(contentsOf: path)
    var merges: [String] = []
    for var line in bytes.split(separator: UInt8(ascii: "\n")) {
      if line.last == UInt8(ascii: "\r") { line = line.dropLast() }
      guard let text = String(validating: line, as: UTF8.self) else {
        throw ModelError.malformedFile("\(path): line \(merges.count + 1) is not UTF-8 text")
      }
      if text.isEmpty || (merges.isEmpty && text.hasPrefix("#version")) { continue }
      merges.append(text)
    }
    return merges
  }
}
