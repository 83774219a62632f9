/// Where the reader is: which page, and which layer, head and pass the page shows.
public struct WalkthroughPosition: Equatable, Sendable {
  public var page: Int
  public var layer: Int
  public var head: Int
  public var pass: Int

  public init(page: Int = 0, layer: Int = 0, head: Int = 0, pass: Int = 0) {
    self.page = page
    self.layer = layer
    self.head = head
    self.pass = pass
  }
}
