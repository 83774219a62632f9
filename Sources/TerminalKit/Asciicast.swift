/// A terminal recording in the asciicast v2 format (asciinema): a header line of JSON, then
/// one JSON array `[time, code, data]` per event, one per line.
///
///     {"version": 2, "width": 80, "height": 24, "timestamp": 1764635000, "env": {"TERM": "xterm-256color"}}
///     [0.000000, "o", "\u001b[?1049h…"]
///     [0.412345, "o", "…"]
///
/// `AsciicastRecorder` writes one while a session runs; `init(parsing:)` reads one back and
/// `VirtualScreen` replays its output events.
public struct Asciicast: Hashable, Sendable {
  /// What the header line says about the recording.
  public struct Header: Hashable, Sendable {
    /// Terminal width in columns.
    public var width: Int
    /// Terminal height in rows.
    public var height: Int
    /// When the recording started, in seconds since the Unix epoch (optional).
    public var timestamp: Int?
    /// Captured environment variables such as `TERM` (optional; written sorted by name).
    public var environment: [String: String]

    /// Creates a header.
    public init(width: Int, height: Int, timestamp: Int? = nil, environment: [String: String] = [:])
    {
      self.width = width
      self.height = height
      self.timestamp = timestamp
      self.environment = environment
    }
  }

  /// One event: something written to (`"o"`) or typed into (`"i"`) the terminal, a resize
  /// (`"r"`) or a marker (`"m"`), at a time in seconds since the recording started.
  public struct Event: Hashable, Sendable {
    /// Seconds since the start of the recording.
    public var time: Double
    /// The event type: `"o"` output, `"i"` input, `"r"` resize, `"m"` marker.
    public var code: String
    /// The text (for output, what the program wrote, escape sequences included).
    public var data: String

    /// Creates an event.
    public init(time: Double, code: String = "o", data: String) {
      self.time = time
      self.code = code
      self.data = data
    }
  }

  /// The header line.
  public var header: Header
  /// The events in file order.
  public var events: [Event]

  /// Creates a recording.
  public init(header: Header, events: [Event]) {
    self.header = header
    self.events = events
  }

  /// The text of every output (`"o"`) event, concatenated in order.
  public var output: String {
    events.lazy.filter { $0.code == "o" }.map(\.data).joined()
  }
}
