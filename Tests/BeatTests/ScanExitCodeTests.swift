import Foundation
import KSPMCore
import Testing

/// The exit statuses the README documents, from the built binary: 0 all well, 1 nothing could be
/// scanned, 2 usage or setup error, 3 findings lost, 4 the scan fails `--fail-on`/`--min-score`.
@Suite struct ScanExitCodeTests {
  @Test(arguments: [
    ["scan", "--no-such-option"], ["scan", "--format", "yaml"], ["scan", "--profile", "level3", "--demo"],
    ["scan", "--fail-on", "warnings", "--demo"], ["scan", "--min-score", "120", "--demo"], ["bogus-command"],
    ["scan", "--demo", "--rules", "9.9.9"], ["scan", "--demo", "--target", "gpu"],
    ["scan", "--demo", "--sections", "3"],
    ["rules", "--benchmark", "cis_gke"], ["run"],
  ])
  func usageErrorsExitWithTwo(arguments: [String]) async throws {
    let result = try await runKSPMBeat(arguments)
    #expect(result.status == 2, "\(arguments): \(result.stderr)")
    #expect(!result.stderr.isEmpty)
    #expect(result.stdout.isEmpty)
  }

  @Test func anArgumentErrorShowsTheParsersMessageAndUsage() async throws {
    let result = try await runKSPMBeat(["scan", "--no-such-option"])
    #expect(result.status == 2)
    #expect(result.stderr.contains("Unknown option '--no-such-option'"))
    #expect(result.stderr.contains("Usage: kspmbeat scan"))
  }

  @Test func aSelectionThatDoesNotFitNamesTheFlag() async throws {
    let result = try await runKSPMBeat(["scan", "--demo", "--benchmark", "cis_eks", "--target", "master"])
    #expect(result.status == 2)
    #expect(result.stderr.contains("--target: cis_eks has no target \"master\""), "\(result.stderr)")
  }

  @Test func helpAndVersionAreNotErrors() async throws {
    #expect(try await runKSPMBeat(["scan", "--help"]).status == 0)
    #expect(try await runKSPMBeat(["--version"]).status == 0)
  }

  @Test func failedFindingsFailTheScanOnlyWhenAsked() async throws {
    let plain = try await runKSPMBeat(["scan", "--demo", "--format", "json"])
    #expect(plain.status == 0)
    let gated = try await runKSPMBeat(["scan", "--demo", "--format", "json", "--fail-on", "failed"])
    #expect(gated.status == 4)
    #expect(
      gated.stderr.contains("kspmbeat: failing: 48 findings of 34 rules failed (--fail-on failed)"), "\(gated.stderr)")
    let summary = try JSONParser.parse(gated.stdout)
    #expect(summary[path: "exit", "status"] == 4)
    #expect(summary[path: "exit", "gate_failures"]?.arrayValue?.count == 1)
    // The same gate passes when the selected rules all pass (1.1.1: kube-apiserver.yaml is 600).
    let passing = try await runKSPMBeat([
      "scan", "--demo", "--format", "json", "--fail-on", "failed", "--rules", "1.1.1",
    ])
    #expect(passing.status == 0, "\(passing.stderr)")
  }

  @Test func theScoreIsComparedWithMinScore() async throws {
    // The demo scores 68.0%.
    let above = try await runKSPMBeat(["scan", "--demo", "--format", "table", "--min-score", "68"])
    #expect(above.status == 0, "\(above.stderr)")
    let below = try await runKSPMBeat(["scan", "--demo", "--format", "table", "--min-score", "68.5"])
    #expect(below.status == 4)
    #expect(below.stderr.contains("the score 68.0% is below --min-score 68.5"), "\(below.stderr)")
    #expect(below.stdout.contains("Overall"), "the table is printed all the same")
  }

  @Test func rulesNotEvaluatedFailTheScanWhenAsked() async throws {
    let result = try await runKSPMBeat([
      "scan", "--demo", "--skip-node", "--format", "json", "--fail-on", "not-evaluated",
    ])
    #expect(result.status == 4)
    #expect(result.stderr.contains("rules were not evaluated (--fail-on not-evaluated)"), "\(result.stderr)")
    let whole = try await runKSPMBeat(["scan", "--demo", "--format", "json", "--fail-on", "not-evaluated,failed"])
    #expect(whole.status == 4)
    #expect(!whole.stderr.contains("not evaluated"), "the whole demo evaluates every selected rule: \(whole.stderr)")
  }

  @Test func nothingScannedStaysOneEvenWithAGate() async throws {
    let result = try await runKSPMBeat(["scan", "--manifests", "/nonexistent/m", "--skip-node", "--fail-on", "failed"])
    #expect(result.status == 1, "\(result.stderr)")
  }
}
