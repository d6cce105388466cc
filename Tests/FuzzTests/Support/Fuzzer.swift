import Foundation

/// How long and from where a fuzz run goes, from the environment:
///
/// - `KSPMBEAT_FUZZ_SECONDS`: time per target (`.ci/run` gives each target 30 s).
/// - `KSPMBEAT_FUZZ_ITERATIONS`: stop after this many inputs instead (reproduces a run exactly).
///   With neither, each target tries its seeds and ``defaultIterations`` inputs: a plain
///   `swift test` checks every property without taking a core away from the timing-sensitive
///   tests that run beside it.
/// - `KSPMBEAT_FUZZ_SEED`: the generator's seed (default fixed, so every run is reproducible).
/// - `KSPMBEAT_FUZZ_SLOW_SECONDS`: one input taking longer is a failure (default 5: well above any
///   input's time on a loaded machine, well below what a super-linear blow-up on 64 KiB takes).
/// - `KSPMBEAT_FUZZ_HANG_SECONDS`: one input taking longer aborts the run, saving it (default 60).
/// - `KSPMBEAT_FUZZ_ARTIFACTS`: the folder failing inputs are saved in (default a temporary one).
struct FuzzSettings: Sendable {
  /// Inputs per target in a plain `swift test`.
  static let defaultIterations = 60

  var seconds: Double
  var iterations: Int?
  var seed: UInt64
  var slowInput: Duration
  var hangSeconds: Double
  var artifacts: URL

  static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> FuzzSettings {
    func number(_ key: String) -> Double? { environment[key].flatMap(Double.init) }
    return FuzzSettings(
      seconds: number("KSPMBEAT_FUZZ_SECONDS") ?? 0,
      iterations: environment["KSPMBEAT_FUZZ_ITERATIONS"].flatMap(Int.init)
        ?? (environment["KSPMBEAT_FUZZ_SECONDS"] == nil ? defaultIterations : nil),
      seed: environment["KSPMBEAT_FUZZ_SEED"].flatMap { UInt64($0) } ?? 0x6B73_706D_6265_6174,
      slowInput: .milliseconds(Int64((number("KSPMBEAT_FUZZ_SLOW_SECONDS") ?? 5) * 1000)),
      hangSeconds: number("KSPMBEAT_FUZZ_HANG_SECONDS") ?? 60,
      artifacts: environment["KSPMBEAT_FUZZ_ARTIFACTS"].map { URL(fileURLWithPath: $0) }
        ?? FileManager.default.temporaryDirectory.appendingPathComponent("kspmbeat-fuzz"))
  }
}

/// What one input did: whether the code under test accepted it (accepted inputs are mutated
/// further, which reaches deeper code), and any property it broke.
struct FuzzOutcome: Sendable {
  var accepted = false
  var violations: [String] = []

  mutating func check(_ condition: Bool, _ message: @autoclosure () -> String) {
    if !condition { violations.append(message()) }
  }
}

/// The figures of one run.
struct FuzzReport: Sendable, CustomStringConvertible {
  var target: String
  var seed: UInt64
  var inputs = 0
  var accepted = 0
  var seconds = 0.0
  var slowest = Duration.zero
  /// Broken properties and slow inputs, each naming the file its input was saved in.
  var failures: [String] = []
  var failureCount = 0

  var description: String {
    let slowestMS = Double(slowest.components.seconds) * 1000 + Double(slowest.components.attoseconds) / 1e15
    return "fuzz \(target): \(inputs) inputs (\(accepted) accepted) in \(String(format: "%.1f", seconds)) s, "
      + "seed \(seed), slowest \(String(format: "%.1f", slowestMS)) ms, \(failureCount) failures"
  }
}

/// A seeded mutation fuzzer: starts from the seed corpus, mutates, and keeps accepted inputs as
/// new starting points. Crashes and hangs leave the input in a file (see ``InputRecorder``).
struct Fuzzer {
  var target: String
  var seeds: [[UInt8]]
  var mutator: Mutator
  var settings = FuzzSettings.fromEnvironment()
  /// Accepted inputs kept as starting points.
  var corpusLimit = 256

  init(target: String, seeds: [[UInt8]], dictionary: [String], maxLength: Int = 64 << 10) {
    self.target = target
    self.seeds = seeds
    mutator = Mutator(dictionary: dictionary.map { Array($0.utf8) }, maxLength: maxLength)
  }

  func run(_ body: ([UInt8]) async throws -> FuzzOutcome) async -> FuzzReport {
    var report = FuzzReport(target: target, seed: settings.seed)
    try? FileManager.default.createDirectory(at: settings.artifacts, withIntermediateDirectories: true)
    let inFlight = settings.artifacts.appendingPathComponent("\(target)-in-flight.bin").path
    InputRecorder.arm(artifact: inFlight, hangSeconds: settings.hangSeconds)
    defer { InputRecorder.disarm() }

    var random = FuzzRandom(seed: settings.seed)
    var corpus = seeds
    let clock = ContinuousClock()
    let started = clock.now
    let deadline = started.advanced(by: .milliseconds(Int64(settings.seconds * 1000)))
    var index = 0
    while settings.iterations.map({ index < $0 }) ?? (index < seeds.count || clock.now < deadline) {
      let input =
        index < seeds.count ? seeds[index] : mutator.mutate(random.pick(corpus), others: corpus, random: &random)
      index += 1
      InputRecorder.begin(input)
      let inputStarted = clock.now
      var outcome: FuzzOutcome
      do {
        outcome = try await body(input)
      } catch {
        outcome = FuzzOutcome(violations: ["threw \(error)"])
      }
      let took = clock.now - inputStarted
      InputRecorder.end()
      // Parsers never suspend: give the other tests running beside this one their share of the
      // cooperative threads (there are as many as cores).
      await Task.yield()
      report.inputs += 1
      if took > report.slowest { report.slowest = took }
      if took > settings.slowInput { outcome.violations.append("took \(took), more than \(settings.slowInput)") }
      if outcome.accepted {
        report.accepted += 1
        if index > seeds.count {
          if corpus.count < corpusLimit { corpus.append(input) } else { corpus[random.below(corpusLimit)] = input }
        }
      }
      if !outcome.violations.isEmpty {
        report.failureCount += 1
        if report.failures.count < 5 {
          let file = settings.artifacts.appendingPathComponent("\(target)-\(index).bin")
          try? Data(input).write(to: file)
          report.failures.append(
            "input \(index) (saved in \(file.path)): " + outcome.violations.joined(separator: "; "))
        }
      }
    }
    report.seconds =
      Double((clock.now - started).components.seconds)
      + Double((clock.now - started).components.attoseconds) / 1e18
    print(report)
    return report
  }
}

/// The seed inputs of a target: the files of `Tests/Fixtures/fuzz/<folder>`, in name order.
func fuzzSeeds(_ folder: String) throws -> [[UInt8]] {
  let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("Fixtures/fuzz/\(folder)")
  let names = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
  return try names.map { Array(try Data(contentsOf: directory.appendingPathComponent($0))) }
}
