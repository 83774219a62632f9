import Foundation

/// Deterministic, locale-independent number formatting.
public enum NumberText {
  /// `value` with exactly `decimals` digits after the point (`-0.42`, `1.00`);
  /// non-finite values print as `nan`, `inf` and `-inf`. Negative zero prints as zero.
  public static func fixed(_ value: Float, decimals: Int) -> String {
    if value.isNaN { return "nan" }
    if value.isInfinite { return value > 0 ? "inf" : "-inf" }
    let digits = max(0, min(9, decimals))
    let number = value == 0 ? 0 : Double(value)
    // A tiny negative value that rounds to zero keeps its sign (`-0.00`): it is negative.
    return String(format: "%.\(digits)f", number)
  }
}
