import Output
import Testing

@Suite struct EqualJitterBackoffTests {
  @Test func waitsDoubleFromInitToMaxWithinTheEqualJitterBands() {
    var backoff = EqualJitterBackoff(initial: .seconds(1), maximum: .seconds(60))
    var random = SystemRandomNumberGenerator()
    let bands: [(Duration, Duration)] = [
      (.seconds(1), .seconds(2)), (.seconds(2), .seconds(4)), (.seconds(4), .seconds(8)),
      (.seconds(8), .seconds(16)), (.seconds(16), .seconds(32)), (.seconds(30), .seconds(60)),
      (.seconds(30), .seconds(60)), (.seconds(30), .seconds(60)),
    ]
    for (low, high) in bands {
      let delay = backoff.nextDelay(using: &random)
      #expect(delay >= low && delay < high, "delay \(delay) outside [\(low), \(high))")
    }
  }

  @Test func resetStartsOverAtTheInitialBand() {
    var backoff = EqualJitterBackoff(initial: .milliseconds(100), maximum: .seconds(10))
    for _ in 0..<6 { _ = backoff.nextDelay() }
    #expect(backoff.nextDelay() >= .seconds(5))
    backoff.reset()
    let delay = backoff.nextDelay()
    #expect(delay >= .milliseconds(100) && delay < .milliseconds(200))
  }

  @Test func jitterStaysInsideTheBandAndUsesItsWidth() {
    var delays: [Duration] = []
    for _ in 0..<200 {
      var backoff = EqualJitterBackoff(initial: .seconds(1), maximum: .seconds(60))
      delays.append(backoff.nextDelay())
    }
    #expect(delays.allSatisfy { $0 >= .seconds(1) && $0 < .seconds(2) })
    // 200 uniform draws: the spread covers most of the band.
    #expect(delays.max()! - delays.min()! > .milliseconds(700))
  }
}
