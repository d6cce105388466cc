import Benchmarks
import KSPMCore
import Testing

@Suite struct CISEKSGoldenTests {
  static let benchmark = CISEKS.shared

  @Test("golden", arguments: EKSGolden.all)
  func golden(_ golden: GoldenCase) {
    golden.expectVerdict(of: Self.benchmark)
  }

  @Test func everyRuleHasAPassingAndAFailingCaseAndNoOtherRuleHasCases() {
    GoldenCase.expectCoverage(of: Self.benchmark, by: EKSGolden.all)
  }

  @Test func everyCloudRuleHasANotEvaluatedCaseForAWrongShape() {
    let cloudRules = Self.benchmark.benchmarkRules.filter {
      if case .cloud = $0.target { true } else { false }
    }
    #expect(cloudRules.map(\.number) == ["2.1.1", "5.1.1", "5.3.1", "5.4.1", "5.4.2", "5.4.5"])
    for number in ["2.1.1", "5.1.1", "5.3.1", "5.4.1", "5.4.2", "5.4.5"] {
      #expect(EKSGolden.all.contains { $0.rule == number && $0.expected == .notEvaluated }, "\(number)")
    }
  }

  @Test func kubeletEvidenceNamesTheFileThatDecided() {
    let findings = Self.benchmark.evaluate(EKSGolden.kubeletProcess())
    let anonymous = findings.first { $0.rule.ruleNumber == "3.2.1" }
    #expect(anonymous?.evaluation.result == .passed)
    #expect(anonymous?.evaluation.evidence[path: "process_config", "config"] == EKSFixture.kubeletConfig)
    #expect(
      anonymous?.evaluation.evidence[path: "process_args", "--config"] == "/etc/kubernetes/kubelet/kubelet-config.json")
    let events = findings.first { $0.rule.ruleNumber == "3.2.9" }
    #expect(events?.evaluation.evidence[path: "defaults", "--event-qps / eventRecordQPS"] == 50)
  }

  @Test func anUnusableConfigFileSaysWhy() {
    let findings = Self.benchmark.evaluate(EKSGolden.kubeletProcess("", .unusable))
    let notEvaluated = findings.filter { $0.evaluation.result == .notEvaluated }.map(\.rule.ruleNumber)
    // Every kubelet rule with a config-file key; 3.2.8 (--hostname-override) is a flag only.
    #expect(
      notEvaluated == ["3.2.1", "3.2.2", "3.2.3", "3.2.4", "3.2.5", "3.2.6", "3.2.7", "3.2.9", "3.2.10", "3.2.11"])
    let reason = findings.first?.evaluation.notEvaluatedReason ?? ""
    #expect(reason.contains("/etc/kubernetes/kubelet/kubelet-config.json could not be used"), "\(reason)")
    #expect(findings.first { $0.rule.ruleNumber == "3.2.8" }?.evaluation.result == .passed)
  }
}
