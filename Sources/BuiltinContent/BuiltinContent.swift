import BuiltinData

/// Files from `Walkthroughs/` compiled into the `tracer` binary (by `Walkthroughs/builtin_data.c`),
/// so that `tracer` needs no paths at run time.
public enum BuiltinContent {
  /// The built-in models by name; `robots` is the default.
  public static var models: [(name: String, json: [UInt8])] {
    [("robots", bytes(tracer_robots_json)), ("sort", bytes(tracer_sort_json))]
  }

  /// `models/robots.json`: the default model, trained on `corpora/robots.txt`.
  public static var defaultModel: [UInt8] { bytes(tracer_robots_json) }

  /// `corpora/robots.txt`: the corpus the default model is trained on, as text.
  public static var robotsCorpus: String {
    String(decoding: bytes(tracer_robots_corpus), as: UTF8.self)
  }

  /// `scripts/default.walk`: the default walkthrough script, as text.
  public static var defaultScript: String {
    String(decoding: bytes(tracer_default_walk), as: UTF8.self)
  }

  /// A copy of the bytes a C accessor returns.
  static func bytes(_ accessor: (UnsafeMutablePointer<Int>?) -> UnsafePointer<UInt8>?) -> [UInt8] {
    var size = 0
    guard let start = accessor(&size) else { return [] }
    return Array(UnsafeBufferPointer(start: start, count: size))
  }
}
