/// The keys and values of the positions a generation has already run, per layer, so that each
/// new token costs one row of work instead of the whole prefix (the standard key/value cache).
struct KeyValueCache {
  /// Per layer, the keys and values of the cached positions. Each `[count, d_model]`
  private var keys: [Matrix]
  private var values: [Matrix]
  /// How many positions are cached.
  var count = 0

  init(layers: Int, width: Int) {
    keys = Array(repeating: Matrix(rows: 0, cols: width), count: layers)
    values = keys
  }

  /// Appends the new positions' keys and values of `layer`, returning every position's.
  /// `[new, d_model] ×2 -> [count + new, d_model] ×2`
  ///
  /// The rows are appended in place (amortised O(new rows)); the returned matrices share the
  /// cache's storage until the next append, which copies only if a caller still holds them.
  mutating func appending(_ k: Matrix, _ v: Matrix, layer: Int) -> (Matrix, Matrix) {
    precondition(k.cols == keys[layer].cols && v.cols == values[layer].cols)
    keys[layer].data.append(contentsOf: k.data)
    keys[layer].rows += k.rows
    values[layer].data.append(contentsOf: v.data)
    values[layer].rows += v.rows
    return (keys[layer], values[layer])
  }
}
