import Benchmarks
import Testing

@Suite struct GoDurationTests {
  @Test(
    "parses Go syntax",
    arguments: [
      ("0", 0), ("0s", 0), ("1m", 60_000_000_000), ("60s", 60_000_000_000), ("1h30m", 5_400_000_000_000),
      ("300ms", 300_000_000), ("1.5h", 5_400_000_000_000), ("-2m", -120_000_000_000), ("4h0m0s", 14_400_000_000_000),
      ("10us", 10_000), ("10µs", 10_000), ("7ns", 7), (".5s", 500_000_000),
    ] as [(String, Int64)])
  func parses(text: String, nanoseconds: Int64) {
    #expect(GoDuration(parsing: text)?.nanoseconds == nanoseconds)
  }

  @Test("rejects what Go rejects", arguments: ["", "60", "1x", "m", "1.2.3s", "s1", "--1s", "1 m"])
  func rejects(text: String) {
    #expect(GoDuration(parsing: text) == nil)
  }

  @Test func oneMinuteEqualsSixtySeconds() {
    #expect(GoDuration(parsing: "1m") == GoDuration(parsing: "60s"))
    #expect(GoDuration(parsing: "59s")! < GoDuration(parsing: "1m")!)
  }

  @Test func canonicalDescription() {
    #expect(GoDuration(parsing: "90m")?.description == "1h30m0s")
    #expect(GoDuration.seconds(60).description == "1m0s")
    #expect(GoDuration(parsing: "0")?.description == "0s")
  }
}
