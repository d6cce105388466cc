import Testing

@testable import Kubernetes

/// The client's token bucket, by the waits it hands out (not by wall time, which a loaded machine
/// stretches at will).
@Suite("the token bucket of the Kubernetes client")
struct RateLimiterTests {
  @Test("a burst lets that many requests through without a wait")
  func burstIsFree() async {
    let limiter = RateLimiter(qps: 5, burst: 10)
    for _ in 0..<10 { #expect(await limiter.reserve() == .zero) }
  }

  @Test("past the burst, each request waits one more 1/qps than the one before (less the time that passed)")
  func pastTheBurstRequestsAreSpaced() async {
    let limiter = RateLimiter(qps: 5, burst: 1)
    let started = ContinuousClock.now
    var waits: [Duration] = []
    for _ in 0..<6 { waits.append(await limiter.reserve()) }
    let elapsed = ContinuousClock.now - started
    #expect(waits[0] == .zero)
    // Reserved at once, the sixth request waits five slots of 200 ms, minus what elapsed meanwhile.
    #expect(waits[5] <= .milliseconds(1000))
    #expect(waits[5] >= .milliseconds(1000) - elapsed - .milliseconds(1))
    #expect(zip(waits, waits.dropFirst()).allSatisfy { $0 <= $1 })
  }

  @Test("qps 0 means no limit")
  func zeroQPSDisablesTheLimit() async {
    let limiter = RateLimiter(qps: 0, burst: 1)
    for _ in 0..<20 { #expect(await limiter.reserve() == .zero) }
  }
}
