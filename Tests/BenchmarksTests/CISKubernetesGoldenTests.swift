import Benchmarks
import KSPMCore
import Testing

@Suite struct CISKubernetesGoldenTests {
  static let benchmark = CISKubernetes.shared

  @Test("golden", arguments: Golden.all)
  func golden(_ golden: GoldenCase) {
    golden.expectVerdict(of: Self.benchmark)
  }

  @Test func everyRuleHasAPassingAndAFailingCaseAndNoOtherRuleHasCases() {
    GoldenCase.expectCoverage(of: Self.benchmark, by: Golden.all)
  }

  @Test func evidenceShapes() {
    let b = Self.benchmark
    let file = b.evaluate(.file("/etc/kubernetes/admin.conf", mode: 0o640)).first { $0.rule.ruleNumber == "1.1.13" }
    #expect(file?.evaluation.evidence == ["filemode": "640"])
    #expect(file?.evaluation.expected == ["filemode": "600"])
    let owner = b.evaluate(.file("/etc/kubernetes/admin.conf", mode: 0o600, owner: "kube"))
      .first { $0.rule.ruleNumber == "1.1.14" }
    #expect(owner?.evaluation.evidence == ["owner": "kube", "group": "root"])
    let process = b.evaluate(.process("/usr/local/bin/kube-scheduler --profiling=true --bind-address 127.0.0.1"))
      .first { $0.rule.ruleNumber == "1.4.1" }
    #expect(process?.evaluation.evidence == ["process_args": ["--profiling": "true", "--bind-address": "127.0.0.1"]])
    let config: JSONValue = ["authentication": ["anonymous": ["enabled": false]]]
    let kubelet = b.evaluate(.process("kubelet --config=/var/lib/kubelet/config.yaml", config: config))
      .first { $0.rule.ruleNumber == "4.2.1" }
    #expect(kubelet?.evaluation.result == .passed)
    #expect(kubelet?.evaluation.evidence[path: "process_config", "config"] == config)
  }
}
