/// libbeat's "equal jitter" exponential backoff (agent-and-output.md B.5).
///
/// The state `d` starts at twice `initial`. Each failure waits `d/2 + random[0, d/2)` and then
/// doubles `d` up to `maximum`; a success resets it. Successive waits therefore fall in
/// `[init, 2·init)`, `[2·init, 4·init)`, … until they settle in `[max/2, max)`.
public struct EqualJitterBackoff: Sendable {
  public let initial: Duration
  public let maximum: Duration
  private var current: Duration

  public init(initial: Duration, maximum: Duration) {
    self.initial = initial
    self.maximum = max(initial, maximum)
    current = min(initial * 2, self.maximum)
  }

  /// The wait before the next attempt; advances the state.
  public mutating func nextDelay<Generator: RandomNumberGenerator>(using generator: inout Generator) -> Duration {
    let half = current / 2
    let halfNanoseconds = Self.nanoseconds(half)
    let jitter = halfNanoseconds > 0 ? Int64.random(in: 0..<halfNanoseconds, using: &generator) : 0
    current = min(current * 2, maximum)
    return half + .nanoseconds(jitter)
  }

  /// The wait before the next attempt, with the system's random numbers.
  public mutating func nextDelay() -> Duration {
    var generator = SystemRandomNumberGenerator()
    return nextDelay(using: &generator)
  }

  /// Back to the first, shortest wait (after a success).
  public mutating func reset() {
    current = min(initial * 2, maximum)
  }

  /// Waits the next delay; throws `CancellationError` when the task is cancelled meanwhile.
  public mutating func wait() async throws {
    try await Task.sleep(for: nextDelay())
  }

  static func nanoseconds(_ duration: Duration) -> Int64 {
    let (seconds, attoseconds) = duration.components
    return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
  }
}
