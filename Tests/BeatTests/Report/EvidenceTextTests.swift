import Benchmarks
import KSPMCore
import Report
import Testing

@Suite struct EvidenceTextTests {
  static func process(_ arguments: [String], config: JSONValue? = nil) -> ProcessResource {
    var process = ProcessResource(pid: 1, name: "p", executable: "p", arguments: ["/usr/bin/p"] + arguments)
    if let config {
      process.configFiles["config"] = ProcessConfigFile(path: "/var/lib/kubelet/config.yaml", content: config)
    }
    return process
  }

  @Test func aFileModeAndItsLimit() {
    let file = FileResource(
      path: "/h/etc/a", hostPath: "/etc/a", isDirectory: false, mode: 0o664, uid: 0, gid: 0, owner: "root",
      group: "root")
    let evaluation = FilePermissionCheck.atMost(0o644).evaluate(file)
    #expect(EvidenceText.line(evaluation) == "found filemode: 664; expected filemode: 644")
  }

  @Test func aFlagGivenAndADefaultJudged() {
    let given = ProcessFlagCheck("--profiling", .bool(false), whenAbsent: .useDefault("true"))
      .evaluate(Self.process(["--profiling=true", "--v=2"]))
    #expect(EvidenceText.line(given) == "found --profiling: true; expected --profiling: false")
    let defaulted = ProcessFlagCheck("--profiling", .bool(false), whenAbsent: .useDefault("true"))
      .evaluate(Self.process(["--v=2"]))
    #expect(EvidenceText.line(defaulted) == "found --profiling: true (default); expected --profiling: false")
    let absent = RequiredFlagsCheck(["--tls-cert-file", "--tls-private-key-file"]).evaluate(
      Self.process(["--tls-cert-file=/c"]))
    #expect(
      EvidenceText.line(absent)
        == "found --tls-cert-file: /c; --tls-private-key-file: unset; expected --tls-cert-file: set; --tls-private-key-file: set"
    )
  }

  @Test func aKubeletSettingFromItsConfigFile() throws {
    let rule = try #require(CISKubernetes.shared.benchmarkRules.first { $0.number == "4.2.4" })
    guard case .process(let check) = rule.check else { Issue.record("4.2.4 is a process rule"); return }
    let evaluation = check.evaluate(
      Self.process(["--config=/var/lib/kubelet/config.yaml"], config: ["readOnlyPort": 10255]))
    #expect(evaluation.result == .failed)
    #expect(
      EvidenceText.line(evaluation).hasPrefix("found --read-only-port / readOnlyPort: 10255 (config file); expected"))
  }

  @Test func aKeyOfAMapFlag() {
    let evaluation = ProcessFlagCheck(
      "--feature-gates", key: "RotateKubeletServerCertificate", .bool(true), whenAbsent: .useDefault("true")
    ).evaluate(Self.process(["--feature-gates=A=true,RotateKubeletServerCertificate=false"]))
    #expect(
      EvidenceText.line(evaluation)
        == "found --feature-gates:RotateKubeletServerCertificate: false; expected --feature-gates:RotateKubeletServerCertificate: true"
    )
  }

  @Test func containersAreNamedWithTheFieldsThatDecided() {
    let pod = KubernetesObject(object: [
      "apiVersion": "v1", "kind": "Pod", "metadata": ["name": "p", "namespace": "n", "uid": "u"],
      "spec": ["containers": [["name": "shell", "securityContext": ["privileged": true]], ["name": "ok"]]],
    ])
    let finding = CISKubernetes.shared.evaluate(.kubernetes(pod)).first { $0.rule.ruleNumber == "5.2.2" }
    let line = finding.map { EvidenceText.line($0.evaluation) }
    #expect(line?.hasPrefix("found containers: shell (privileged=true); expected containers: ") == true)
  }

  @Test func aLongLineIsCut() {
    let evaluation = Evaluation.failed(
      evidence: ["x": .string(String(repeating: "a", count: 1000))], expected: ["x": "b"])
    let line = EvidenceText.line(evaluation, limit: 80)
    #expect(line.count == 80)
    #expect(line.hasSuffix("…"))
  }
}
