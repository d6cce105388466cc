/// Who serves the endpoint, as libbeat's `GET /` tells it.
public struct BeatInfo: Sendable, Equatable {
  /// `beat`: the beat's type.
  public var beat: String
  /// `name`: libbeat's default, the host name.
  public var name: String
  public var hostname: String
  public var version: String
  /// `ephemeral_id`: one per process run (the findings' `agent.ephemeral_id`).
  public var ephemeralID: String

  public init(beat: String = "kspmbeat", name: String? = nil, hostname: String, version: String, ephemeralID: String) {
    self.beat = beat
    self.name = name ?? hostname
    self.hostname = hostname
    self.version = version
    self.ephemeralID = ephemeralID
  }
}
