import TensorFiles

/// How a weights file is encoded, chosen from its extension.
public enum WeightsFormat: String, CaseIterable, Sendable {
  /// Readable JSON for toy models (`.json`).
  case json
  /// The standard safetensors layout, any size (`.safetensors`).
  case safetensors

  /// The format of `path`, from its extension (case-insensitive).
  public init(path: String) throws(WeightsFileError) {
    let name = path.split(separator: "/").last.map(String.init) ?? path
    let ext = name.contains(".") ? String(name.split(separator: ".").last ?? "").lowercased() : ""
    guard let format = WeightsFormat(rawValue: ext) else {
      throw .unsupportedExtension(path: path)
    }
    self = format
  }
}
