/// Files from `Walkthroughs/` compiled into the `tracer` binary (see `Package.swift`), so that
/// `tracer` needs no paths at run time.
public enum BuiltinContent {
  /// The built-in models by name; `robots` is the default.
  public static let models: [(name: String, json: [UInt8])] = [
    ("robots", PackageResources.robots_json),
    ("sort", PackageResources.sort_json),
  ]

  /// `models/robots.json`: the default model, trained on `corpora/robots.txt`.
  public static var defaultModel: [UInt8] { PackageResources.robots_json }

  /// `scripts/default.walk`: the default walkthrough script, as text.
  public static var defaultScript: String { String(decoding: PackageResources.default_walk, as: UTF8.self) }
}
