import Benchmarks
import KSPMCore
import Testing

@Suite struct ProcessFlagCheckTests {
  func result(_ check: ProcessFlagCheck, _ commandLine: String) -> EvaluationResult {
    check.evaluate(Fixture.process(commandLine)).result
  }

  @Test func presentAndAbsent() {
    #expect(result(.present("--audit-log-path"), "kube-apiserver --audit-log-path=/var/log/audit.log") == .passed)
    #expect(result(.present("--audit-log-path"), "kube-apiserver --audit-log-path /var/log/audit.log") == .passed)
    #expect(result(.present("--audit-log-path"), "kube-apiserver --audit-log-maxage=30") == .failed)
    #expect(result(.absent("--token-auth-file"), "kube-apiserver --secure-port=6443") == .passed)
    #expect(result(.absent("--token-auth-file"), "kube-apiserver --token-auth-file=/t.csv") == .failed)
    #expect(result(.absent("--token-auth-file"), "kube-apiserver --token-auth-file") == .failed)
  }

  @Test func equalsReadsTheLastOccurrence() {
    let check = ProcessFlagCheck("--bind-address", .equals("127.0.0.1"), whenAbsent: .fail)
    #expect(result(check, "kube-scheduler --bind-address=127.0.0.1") == .passed)
    #expect(result(check, "kube-scheduler --bind-address 127.0.0.1") == .passed)
    #expect(result(check, "kube-scheduler --bind-address=127.0.0.1 --bind-address=0.0.0.0") == .failed)
    #expect(result(check, "kube-scheduler --bind-address=0.0.0.0 --bind-address=127.0.0.1") == .passed)
    #expect(result(check, "kube-scheduler") == .failed)
  }

  @Test func whenAbsentBehaviours() {
    #expect(result(ProcessFlagCheck("--x", .equals("1"), whenAbsent: .pass), "c") == .passed)
    #expect(result(ProcessFlagCheck("--x", .equals("1"), whenAbsent: .fail), "c") == .failed)
    #expect(result(ProcessFlagCheck("--x", .equals("1"), whenAbsent: .useDefault("1")), "c") == .passed)
    #expect(result(ProcessFlagCheck("--x", .equals("1"), whenAbsent: .useDefault("2")), "c") == .failed)
  }

  @Test func defaultAppearsInEvidence() {
    let evaluation = ProcessFlagCheck("--profiling", .bool(false), whenAbsent: .useDefault("true"))
      .evaluate(Fixture.process("kube-apiserver --secure-port=6443"))
    #expect(evaluation.result == .failed)
    #expect(evaluation.evidence["defaults"] == ["--profiling": "true"])
    #expect(evaluation.evidence["process_args"] == ["--secure-port": "6443"])
    #expect(evaluation.expected == ["--profiling": "false"])
  }

  @Test(
    "booleans follow Go: a bare flag is true",
    arguments: [
      ("--profiling=false", EvaluationResult.passed), ("--profiling=0", .passed), ("--profiling=False", .passed),
      ("--profiling", .failed), ("--profiling=true", .failed), ("--profiling=yes", .failed),
    ])
  func booleans(flag: String, expected: EvaluationResult) {
    let check = ProcessFlagCheck("--profiling", .bool(false), whenAbsent: .useDefault("true"))
    #expect(result(check, "kube-apiserver \(flag)") == expected)
  }

  @Test func listsSplitOnCommasAndAccumulateOverRepeats() {
    let contains = ProcessFlagCheck("--enable-admission-plugins", .listContains("NodeRestriction"), whenAbsent: .fail)
    #expect(result(contains, "kube-apiserver --enable-admission-plugins=A,NodeRestriction") == .passed)
    #expect(result(contains, "kube-apiserver --enable-admission-plugins=NodeRestrictionX") == .failed)
    #expect(
      result(contains, "kube-apiserver --enable-admission-plugins=NodeRestriction --enable-admission-plugins=A")
        == .passed)
    let notContains = ProcessFlagCheck("--authorization-mode", .listNotContains("AlwaysAllow"), whenAbsent: .pass)
    #expect(result(notContains, "kube-apiserver --authorization-mode=Node,RBAC") == .passed)
    #expect(result(notContains, "kube-apiserver --authorization-mode=RBAC,AlwaysAllow") == .failed)
    let any = ProcessFlagCheck("--enable-admission-plugins", .listContainsAny(["A", "B"]), whenAbsent: .fail)
    #expect(result(any, "kube-apiserver --enable-admission-plugins=C,B") == .passed)
    #expect(result(any, "kube-apiserver --enable-admission-plugins=C") == .failed)
    let within = ProcessFlagCheck("--tls-cipher-suites", .listWithin(["A", "B"]), whenAbsent: .fail)
    #expect(result(within, "kube-apiserver --tls-cipher-suites=A,B") == .passed)
    #expect(result(within, "kube-apiserver --tls-cipher-suites=A,C") == .failed)
    #expect(result(within, "kube-apiserver --tls-cipher-suites=") == .failed)
  }

  @Test func numbers() {
    let check = ProcessFlagCheck("--audit-log-maxage", .number(.greaterOrEqual, 30), whenAbsent: .useDefault("0"))
    #expect(result(check, "kube-apiserver --audit-log-maxage=30") == .passed)
    #expect(result(check, "kube-apiserver --audit-log-maxage=365") == .passed)
    #expect(result(check, "kube-apiserver --audit-log-maxage=29") == .failed)
    #expect(result(check, "kube-apiserver --audit-log-maxage=thirty") == .failed)
    #expect(result(check, "kube-apiserver") == .failed)
  }

  @Test func durations() {
    let check = ProcessFlagCheck(
      "--request-timeout", .duration(.greaterOrEqual, .seconds(60)), whenAbsent: .useDefault("1m0s"))
    #expect(result(check, "kube-apiserver --request-timeout=1m") == .passed)
    #expect(result(check, "kube-apiserver --request-timeout=60s") == .passed)
    #expect(result(check, "kube-apiserver --request-timeout=300s") == .passed)
    #expect(result(check, "kube-apiserver --request-timeout=59s") == .failed)
    #expect(result(check, "kube-apiserver --request-timeout=300ms") == .failed)
    #expect(result(check, "kube-apiserver --request-timeout=60") == .failed)
    #expect(result(check, "kube-apiserver") == .passed)
  }

  @Test func mapKeys() {
    let check = ProcessFlagCheck(
      "--feature-gates", key: "RotateKubeletServerCertificate", .bool(true), whenAbsent: .useDefault("true"))
    #expect(result(check, "kube-controller-manager --feature-gates=RotateKubeletServerCertificate=true") == .passed)
    #expect(
      result(check, "kube-controller-manager --feature-gates=A=false,RotateKubeletServerCertificate=true") == .passed)
    #expect(result(check, "kube-controller-manager --feature-gates=RotateKubeletServerCertificate=false") == .failed)
    #expect(result(check, "kube-controller-manager --feature-gates=A=true") == .passed)
    #expect(result(check, "kube-controller-manager") == .passed)
  }

  @Test func requiredFlags() {
    let check = RequiredFlagsCheck(["--cert-file", "--key-file"])
    #expect(check.evaluate(Fixture.process("etcd --cert-file=/c --key-file=/k")).result == .passed)
    #expect(check.evaluate(Fixture.process("etcd --cert-file /c --key-file /k")).result == .passed)
    #expect(check.evaluate(Fixture.process("etcd --cert-file=/c")).result == .failed)
    #expect(check.evaluate(Fixture.process("etcd")).result == .failed)
  }
}

@Suite struct KubeletSettingCheckTests {
  func result(_ check: KubeletSettingCheck, _ commandLine: String, config: JSONValue? = nil) -> EvaluationResult {
    check.evaluate(Fixture.process(commandLine, config: config)).result
  }

  @Test func flagWinsOverConfig() {
    let check = KubeletSettingCheck(.anonymousAuth, .bool(false))
    let config: JSONValue = ["authentication": ["anonymous": ["enabled": false]]]
    #expect(
      result(check, "kubelet --config=/var/lib/kubelet/config.yaml --anonymous-auth=true", config: config) == .failed)
    let open: JSONValue = ["authentication": ["anonymous": ["enabled": true]]]
    #expect(
      result(check, "kubelet --config=/var/lib/kubelet/config.yaml --anonymous-auth=false", config: open) == .passed)
  }

  @Test func configDecidesWhenTheFlagIsAbsent() {
    let check = KubeletSettingCheck(.anonymousAuth, .bool(false))
    let closed: JSONValue = ["authentication": ["anonymous": ["enabled": false]]]
    let evaluation = check.evaluate(Fixture.process("kubelet --config=/var/lib/kubelet/config.yaml", config: closed))
    #expect(evaluation.result == .passed)
    #expect(evaluation.evidence[path: "process_config", "config"] == closed)
    #expect(evaluation.evidence["process_args"] == ["--config": "/var/lib/kubelet/config.yaml"])
  }

  @Test func defaultsDependOnWhetherAConfigFileIsUsed() {
    // Flags only: anonymous auth on, AlwaysAllow, read-only port 10255.
    #expect(result(KubeletSettingCheck(.anonymousAuth, .bool(false)), "kubelet") == .failed)
    #expect(result(KubeletSettingCheck(.authorizationMode, .notEquals("AlwaysAllow")), "kubelet") == .failed)
    #expect(result(KubeletSettingCheck(.readOnlyPort, .number(.equal, 0)), "kubelet") == .failed)
    // A config file that leaves the keys out: v1beta1 defaults (off, Webhook, 0).
    let config: JSONValue = ["kind": "KubeletConfiguration"]
    let line = "kubelet --config=/var/lib/kubelet/config.yaml"
    #expect(result(KubeletSettingCheck(.anonymousAuth, .bool(false)), line, config: config) == .passed)
    #expect(result(KubeletSettingCheck(.authorizationMode, .notEquals("AlwaysAllow")), line, config: config) == .passed)
    let evaluation = KubeletSettingCheck(.readOnlyPort, .number(.equal, 0)).evaluate(
      Fixture.process(line, config: config))
    #expect(evaluation.result == .passed)
    #expect(evaluation.evidence["defaults"] == ["--read-only-port / readOnlyPort": 0])
  }

  @Test func durationsAsStringsOrNumbers() {
    let check = KubeletSettingCheck(.streamingConnectionIdleTimeout, .duration(.notEqual, .seconds(0)))
    let line = "kubelet --config=/c.yaml"
    // A zero duration in the file is replaced by the kubelet's default (4h); on the command line it is 0.
    #expect(result(check, line, config: ["streamingConnectionIdleTimeout": "0s"]) == .passed)
    #expect(result(check, line, config: ["streamingConnectionIdleTimeout": 0]) == .passed)
    let defaulted = check.evaluate(Fixture.process(line, config: ["streamingConnectionIdleTimeout": "0s"]))
    #expect(
      defaulted.evidence["defaults"]
        == ["--streaming-connection-idle-timeout / streamingConnectionIdleTimeout (zero in the config file)": "4h0m0s"])
    #expect(
      result(check, "\(line) --streaming-connection-idle-timeout=0s", config: ["streamingConnectionIdleTimeout": "5m"])
        == .failed)
    #expect(result(check, line, config: ["streamingConnectionIdleTimeout": "5m"]) == .passed)
    #expect(result(check, "kubelet --streaming-connection-idle-timeout=0") == .failed)
    #expect(result(check, "kubelet --streaming-connection-idle-timeout=1m") == .passed)
    #expect(result(check, "kubelet") == .passed)
  }

  @Test func featureGatesMergePerKey() {
    let check = KubeletSettingCheck(.rotateKubeletServerCertificate, .bool(true))
    let off: JSONValue = ["featureGates": ["RotateKubeletServerCertificate": false]]
    #expect(result(check, "kubelet --config=/c.yaml", config: off) == .failed)
    #expect(
      result(check, "kubelet --config=/c.yaml --feature-gates=RotateKubeletServerCertificate=true", config: off)
        == .passed)
    #expect(result(check, "kubelet --config=/c.yaml --feature-gates=Other=true", config: off) == .failed)
    #expect(result(check, "kubelet") == .passed)
  }

  @Test func severalSettingsMustAllHold() {
    let check = KubeletSettingCheck(all: [.tlsCertFile, .tlsPrivateKeyFile], .isSet)
    #expect(result(check, "kubelet --tls-cert-file=/c --tls-private-key-file=/k") == .passed)
    #expect(
      result(check, "kubelet --config=/c.yaml", config: ["tlsCertFile": "/c", "tlsPrivateKeyFile": "/k"]) == .passed)
    #expect(
      result(check, "kubelet --config=/c.yaml --tls-cert-file=/c", config: ["tlsPrivateKeyFile": "/k"]) == .passed)
    #expect(result(check, "kubelet --tls-cert-file=/c") == .failed)
    #expect(result(check, "kubelet --config=/c.yaml", config: ["tlsCertFile": ""]) == .failed)
  }

  @Test func flagOnlySettingNotSet() {
    let check = KubeletSettingCheck(.hostnameOverride, .notSet)
    #expect(result(check, "kubelet") == .passed)
    #expect(result(check, "kubelet --hostname-override=node-1") == .failed)
  }
}

@Suite struct NotEvaluatedProcessTests {
  let benchmark = CISKubernetes.shared

  func results(_ process: ProcessResource) -> [String: EvaluationResult] {
    Dictionary(benchmark.evaluate(.process(process)).map { ($0.rule.ruleNumber, $0.evaluation.result) }) { a, _ in a }
  }

  @Test func etcdRulesOnSettingsItsEnvironmentMayHoldAreNotEvaluatedWhenItCannotBeRead() {
    var etcd = Fixture.process("/usr/bin/etcd --client-cert-auth=true --peer-auto-tls=false")
    for flag in [
      "--cert-file", "--key-file", "--auto-tls", "--peer-cert-file", "--peer-key-file", "--peer-client-cert-auth",
    ] {
      etcd.unknownFlags[flag] = "ETCD_* could not be read (permission denied)"
    }
    let verdicts = results(etcd)
    #expect(verdicts["2.1"] == .notEvaluated)  // cert and key file: unknown
    #expect(verdicts["2.2"] == .passed)  // on the command line
    #expect(verdicts["2.3"] == .notEvaluated)  // --auto-tls unknown
    #expect(verdicts["2.6"] == .passed)
    let reason = benchmark.evaluate(.process(etcd)).first { $0.rule.ruleNumber == "2.1" }?.evaluation.notEvaluatedReason
    #expect(reason?.contains("permission denied") == true)
  }

  @Test func kubeletRulesReadingAnUnusableConfigFileAreNotEvaluated() {
    var kubelet = Fixture.process("/usr/bin/kubelet --config=/var/lib/kubelet/config.yaml --anonymous-auth=false")
    kubelet.configFiles["config"] = ProcessConfigFile(
      path: "/var/lib/kubelet/config.yaml", content: nil,
      error: "/hostfs/var/lib/kubelet/config.yaml: permission denied")
    let verdicts = results(kubelet)
    #expect(verdicts["4.2.1"] == .passed, "given as a flag, the file does not matter")
    #expect(verdicts["4.2.2"] == .notEvaluated, "never judged from defaults")
    #expect(verdicts["4.2.4"] == .notEvaluated)
  }
}
