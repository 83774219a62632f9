import Foundation

/// Deterministic, locale-independent number formatting.
public enum NumberText {
  /// `value` with exactly `decimals` digits after the point (`-0.42`, `1.00`);
  /// non-finite values print as `nan`, `inf` and `-inf`. A value that rounds to zero prints
  /// without a sign (`0.00`, never `-0.00`), whatever side of zero it lies on.
  public static func fixed(_ value: Float, decimals: Int) -> String {
    if value.isNaN { return "nan" }
    if value.isInfinite { return value > 0 ? "inf" : "-inf" }
    let digits = max(0, min(9, decimals))
    let text = String(format: "%.\(digits)f", Double(value))
    // `-0.00`: a negative value too small for the digits shown; the sign would be noise.
    if text.hasPrefix("-"), text.dropFirst().allSatisfy({ $0 == "0" || $0 == "." }) {
      return String(text.dropFirst())
    }
    return text
  }
}
