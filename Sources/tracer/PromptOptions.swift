import Foundation
import TensorFiles

extension Options {
  static let promptFile = Option.text(
    "--prompt-file", placeholder: "file",
    help:
      "Read the prompt from this file (- for standard input; at most 1 MiB of UTF-8, one final newline dropped). Not with --prompt."
  )
}

/// `--prompt TEXT` or `--prompt-file FILE`: where the prompt comes from.
struct PromptOptions {
  /// The prompt given, or nil for the command's default.
  var text: String?
  /// Whether the prompt was read from standard input (which then cannot give keys).
  var fromStandardInput: Bool

  /// The largest prompt file read, in bytes.
  static let byteLimit = 1 << 20

  /// Reads `--prompt` (with `prompt`'s help) or `--prompt-file`.
  init(parsing arguments: inout Arguments, prompt: Option<String> = Options.prompt) throws {
    let given = try arguments.value(prompt)
    let file = try arguments.value(Options.promptFile)
    fromStandardInput = file == "-"
    guard let file else {
      text = given
      return
    }
    if given != nil { throw UsageError("give --prompt or --prompt-file, not both") }
    text = try Self.readFile(file)
  }

  /// The prompt in `path` (`-`: standard input), bounded, as UTF-8 without its final newline.
  static func readFile(_ path: String) throws -> String {
    let name = path == "-" ? "standard input" : excerpt(path, limit: 200)
    let fd = path == "-" ? STDIN_FILENO : open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else {
      throw RunError("cannot read --prompt-file \(name): \(String(cString: strerror(errno)))")
    }
    defer { if fd != STDIN_FILENO { close(fd) } }
    var bytes: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 65536)
    while bytes.count <= byteLimit {
      let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
      if count == 0 { break }
      if count < 0 {
        if errno == EINTR { continue }
        throw RunError("cannot read --prompt-file \(name): \(String(cString: strerror(errno)))")
      }
      bytes += buffer[0..<count]
    }
    guard bytes.count <= byteLimit else {
      throw RunError("--prompt-file \(name) is larger than 1 MiB")
    }
    guard var text = String(validating: bytes, as: UTF8.self) else {
      throw RunError("--prompt-file \(name) is not UTF-8 text")
    }
    if text.hasSuffix("\r\n") {
      text.removeLast()
    } else if text.hasSuffix("\n") {
      text.removeLast()
    }
    return text
  }
}
