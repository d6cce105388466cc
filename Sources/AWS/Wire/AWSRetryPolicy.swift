import Foundation

/// How often and how patiently a failed call is tried again: exponential backoff with jitter.
///
/// Attempt `n` (from 1) that failed waits a random time between half and all of
/// `min(maxDelay, baseDelay × 2^(n-1))` before attempt `n + 1`.
public struct AWSRetryPolicy: Sendable, Equatable {
  /// Attempts in all, the first included (1: no retry).
  public var maxAttempts: Int
  public var baseDelay: Duration
  public var maxDelay: Duration

  public init(maxAttempts: Int = 5, baseDelay: Duration = .milliseconds(500), maxDelay: Duration = .seconds(20)) {
    self.maxAttempts = max(1, maxAttempts)
    self.baseDelay = baseDelay
    self.maxDelay = maxDelay
  }

  /// The longest wait after failed attempt `attempt`.
  public func ceiling(afterAttempt attempt: Int) -> Duration {
    var delay = baseDelay
    for _ in 1..<max(1, attempt) {
      delay *= 2
      if delay >= maxDelay { return maxDelay }
    }
    return min(delay, maxDelay)
  }

  /// The wait after failed attempt `attempt`, drawn from `generator`.
  public func delay(afterAttempt attempt: Int, using generator: inout some RandomNumberGenerator) -> Duration {
    let ceiling = ceiling(afterAttempt: attempt)
    return ceiling / 2 + ceiling / 2 * Double.random(in: 0...1, using: &generator)
  }
}

/// The time source of the AWS code: the current date (signing, expiry) and sleeping (backoff).
/// Tests replace both.
public struct AWSClock: Sendable {
  public var now: @Sendable () -> Date
  public var sleep: @Sendable (Duration) async throws -> Void

  public init(now: @escaping @Sendable () -> Date, sleep: @escaping @Sendable (Duration) async throws -> Void) {
    self.now = now
    self.sleep = sleep
  }

  /// The system's clock and `Task.sleep` (which ends early, throwing, when the task is cancelled).
  public static let system = AWSClock(now: { Date() }, sleep: { try await Task.sleep(for: $0) })
}
