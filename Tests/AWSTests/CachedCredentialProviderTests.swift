import AWS
import Foundation
import KSPMCore
import TestSupport
import Testing

/// Temporary credentials are renewed before they expire, not on every call, one renewal at a
/// time; a failed renewal keeps the old credentials while they last.
@Suite struct CachedCredentialProviderTests {
  /// Hands out credentials `key-1`, `key-2`, … each valid `lifetime` seconds from the clock's
  /// now; optionally waits `delay` first, or fails.
  actor IssuingProvider: AWSCredentialProvider {
    nonisolated let name = "issuing provider"
    private let clock: ManualClock
    private let lifetime: TimeInterval
    private let delay: Duration
    var failing = false
    private(set) var issued = 0

    init(clock: ManualClock, lifetime: TimeInterval = 3600, delay: Duration = .zero) {
      self.clock = clock
      self.lifetime = lifetime
      self.delay = delay
    }

    func setFailing(_ value: Bool) { failing = value }

    func credentials() async throws -> AWSCredentials {
      issued += 1
      let number = issued
      if delay > .zero { try await Task.sleep(for: delay) }
      if failing { throw AWSCredentialsError(.failed, provider: name, message: "STS is down") }
      return testCredentials(
        "key-\(number)", token: "token-\(number)", expiration: clock.now.addingTimeInterval(lifetime))
    }
  }

  @Test func credentialsAreKeptUntilShortlyBeforeTheyExpire() async throws {
    let clock = ManualClock()
    let base = IssuingProvider(clock: clock, lifetime: 3600)
    let cached = CachedCredentialProvider(base, refreshAhead: .seconds(300), now: { clock.now })
    #expect(try await cached.credentials().accessKeyID == "key-1")
    clock.advance(by: 3000)  // 600 s left: still more than 5 minutes
    #expect(try await cached.credentials().accessKeyID == "key-1")
    #expect(try await cached.credentials().accessKeyID == "key-1")
    #expect(await base.issued == 1)
    clock.advance(by: 400)  // 200 s left: renewed, before they expire
    #expect(try await cached.credentials().accessKeyID == "key-2")
    #expect(await base.issued == 2)
    #expect(try await cached.credentials().accessKeyID == "key-2")
    #expect(await base.issued == 2)
  }

  @Test func longTermKeysAreFetchedOnce() async throws {
    let base = CountingProvider(testCredentials())
    let cached = CachedCredentialProvider(base)
    for _ in 0..<5 { _ = try await cached.credentials() }
    #expect(await base.fetches == 1)
  }

  @Test func concurrentCallersShareOneRenewal() async throws {
    let clock = ManualClock()
    let base = IssuingProvider(clock: clock, delay: .milliseconds(200))
    let cached = CachedCredentialProvider(base, now: { clock.now })
    let keys = try await withThrowingTaskGroup(of: String.self) { group in
      for _ in 0..<20 { group.addTask { try await cached.credentials().accessKeyID } }
      return try await group.reduce(into: Set<String>()) { $0.insert($1) }
    }
    #expect(keys == ["key-1"])
    #expect(await base.issued == 1)
  }

  @Test func aFailedRenewalKeepsValidCredentialsThenFails() async throws {
    let clock = ManualClock()
    let base = IssuingProvider(clock: clock, lifetime: 3600)
    let cached = CachedCredentialProvider(base, refreshAhead: .seconds(300), now: { clock.now })
    _ = try await cached.credentials()
    await base.setFailing(true)
    clock.advance(by: 3400)  // inside the refresh window, not yet expired
    #expect(try await cached.credentials().accessKeyID == "key-1")
    clock.advance(by: 300)  // expired
    await #expect(throws: AWSCredentialsError.self) { try await cached.credentials() }
    await base.setFailing(false)
    #expect(try await cached.credentials().accessKeyID.hasPrefix("key-"))
  }

  @Test func invalidateForcesAFreshFetch() async throws {
    let clock = ManualClock()
    let base = IssuingProvider(clock: clock)
    let cached = CachedCredentialProvider(base, now: { clock.now })
    _ = try await cached.credentials()
    await cached.invalidate()
    #expect(try await cached.credentials().accessKeyID == "key-2")
  }
}
