import Foundation

/// Supplies the bearer token, re-reading a token file at most every `refreshInterval` and at
/// once after ``invalidate()`` (called on a 401), like client-go's cached file token source.
actor TokenProvider {
  let source: BearerTokenSource
  let refreshInterval: Duration
  private var cached: (token: String, readAt: ContinuousClock.Instant)?
  /// How many times the token file has been read; for tests and logs.
  private(set) var reads = 0

  init(source: BearerTokenSource, refreshInterval: Duration) {
    self.source = source
    self.refreshInterval = refreshInterval
  }

  /// True when a 401 may be cured by reading the token again.
  nonisolated var canRefresh: Bool {
    if case .file = source { return true }
    return false
  }

  func token() throws(KubernetesClientError) -> String {
    switch source {
    case .token(let token):
      return token
    case .file(let path):
      let now = ContinuousClock.now
      if let cached, now - cached.readAt < refreshInterval { return cached.token }
      let bytes: [UInt8]
      do {
        bytes = try FileIO.read(path)
      } catch {
        // A token read earlier is better than none while the kubelet rewrites the file.
        if let cached { return cached.token }
        throw .configuration("cannot read the bearer token file \(path): \(error.reason)")
      }
      reads += 1
      let token = String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
      if token.isEmpty {
        if let cached { return cached.token }
        throw .configuration("the bearer token file \(path) is empty")
      }
      cached = (token, now)
      return token
    }
  }

  /// Forgets a cached token so the next request reads the file again.
  func invalidate() {
    cached = nil
  }
}

/// A token bucket: `burst` requests at once, then `qps` per second. Waiters are served in the
/// order they ask, because each call reserves its slot before sleeping.
actor RateLimiter {
  let qps: Double
  let burst: Double
  private var tokens: Double
  private var last: ContinuousClock.Instant

  init(qps: Double, burst: Int) {
    self.qps = qps
    self.burst = Double(max(burst, 1))
    self.tokens = self.burst
    self.last = .now
  }

  /// Reserves one request and returns how long the caller must wait before sending it.
  func reserve() -> Duration {
    guard qps > 0 else { return .zero }
    let now = ContinuousClock.now
    let elapsed = now - last
    last = now
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    tokens = min(burst, tokens + seconds * qps)
    tokens -= 1
    if tokens >= 0 { return .zero }
    return .nanoseconds(Int64((-tokens / qps) * 1e9))
  }

  /// Waits until a request may be sent.
  nonisolated func acquire() async throws {
    let wait = await reserve()
    if wait > .zero { try await Task.sleep(for: wait) }
  }
}
