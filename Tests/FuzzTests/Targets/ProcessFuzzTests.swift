import Benchmarks
import Findings
import Foundation
import KSPMCore
import Testing
import YAMLValue

@testable import Host

/// Tokens of `stat` files, command lines and kubelet configuration.
let processDictionary = [
  "(", ")", ") ", " ", "\0", "--", "=", "--config", "--config=", "kubelet", "etcd", "kube-apiserver", "/usr/bin/",
  "-1", "18446744073709551616", "\n", "Z", "(a) (b)", "--anonymous-auth=false", "--read-only-port=0", "=true",
]
let kubeletConfigDictionary =
  manifestDictionary + [
    "authentication:\n", "anonymous: {enabled: ", "webhook: ", "authorization: {mode: ", "readOnlyPort: ",
    "protectKernelDefaults: ", "featureGates: {", "RotateKubeletServerCertificate: ", "tlsCipherSuites: [",
    "streamingConnectionIdleTimeout: ", "0s", "4h", "eventRecordQPS: ", "rotateCertificates: ", "false", "Webhook",
    "AlwaysAllow", "authentication: {anonymous: {enabled: true}}\n", "readOnlyPort: 10255\n",
  ]

private let pid: Int32 = 4242

/// A node root with `/proc/uptime` and one process folder.
private func makeNodeRoot() throws -> URL {
  let root = FileManager.default.temporaryDirectory.appendingPathComponent("kspmbeat-fuzz-\(UUID().uuidString)")
  for folder in ["proc/\(pid)", "var/lib/kubelet"] {
    try FileManager.default.createDirectory(
      at: root.appendingPathComponent(folder), withIntermediateDirectories: true)
  }
  try Data("5000.25 9000.50\n".utf8).write(to: root.appendingPathComponent("proc/uptime"))
  return root
}

/// Collects the processes of `root` and judges them; `nil` resources never happen.
private func scanProcesses(root: URL) async throws -> (resources: [Resource], warnings: [String]) {
  let warnings = CollectedLines()
  let resources = CollectedResources()
  try await ProcessCollector(root: HostRoot(root.path), processes: fuzzBenchmark.collectionPlan.processes)
    .collect(diagnostics: warnings) { resources.add($0) }
  return (resources.all, warnings.all)
}

extension FuzzTests {
  /// The kubelet's `--config` file: the process is always reported with a verdict for every
  /// kubelet rule, and when the file cannot be used no rule is judged from its contents or from
  /// the defaults a config file would leave (fail closed).
  @Test func kubeletConfig() async throws {
    let root = try makeNodeRoot()
    defer { try? FileManager.default.removeItem(at: root) }
    try Data(
      "/usr/bin/kubelet\0--config=/var/lib/kubelet/config.yaml\0--kubeconfig=/etc/kubernetes/kubelet.conf\0".utf8
    )
    .write(to: root.appendingPathComponent("proc/\(pid)/cmdline"))
    try Data("\(pid) (kubelet) S 1 \(pid) \(pid) 0 -1 4194560 1 0 0 0 10 3 0 0 20 0 12 0 2550 1000 200 0\n".utf8)
      .write(to: root.appendingPathComponent("proc/\(pid)/stat"))
    let config = root.appendingPathComponent("var/lib/kubelet/config.yaml")
    let kubeletRules = fuzzBenchmark.rules.filter { $0.ruleNumber.hasPrefix("4.2.") }.count
    let fuzzer = Fuzzer(
      target: "kubelet-config", seeds: try fuzzSeeds("kubelet-config"), dictionary: kubeletConfigDictionary)
    let report = await fuzzer.run { bytes in
      try Data(bytes).write(to: config)
      let (resources, warnings) = try await scanProcesses(root: root)
      var outcome = FuzzOutcome()
      outcome.checkLineLengths(warnings)
      let processes = resources.filter { $0.process != nil }
      guard processes.count == 1, let process = processes[0].process else {
        outcome.violations.append("the kubelet was not reported (\(processes.count) processes; \(warnings))")
        return outcome
      }
      let file = process.configFiles["config"]
      outcome.check(file != nil, "the kubelet's config file was not read")
      outcome.accepted = file?.error == nil
      if let problem = file?.error {
        outcome.check(problem.count <= 1024, "the config file problem is \(problem.count) characters long")
      } else {
        outcome.check(file?.content?.objectValue != nil, "a usable config file is not a map of settings")
      }
      let findings = outcome.judge(processes[0])
      for resource in resources where resource.process == nil { _ = outcome.judge(resource) }
      let judged = findings.filter { $0.rule.ruleNumber.hasPrefix("4.2.") }
      outcome.check(judged.count == kubeletRules, "\(judged.count) of \(kubeletRules) kubelet rules have a verdict")
      if file?.error != nil {
        for finding in judged where finding.evaluation.result != .notEvaluated {
          let evidence = finding.evaluation.evidence
          let fromDefaults = evidence["defaults"]?.objectValue?.members.contains { $0.key.contains(" / ") } ?? false
          outcome.check(
            evidence["process_config"] == nil && !fromDefaults,
            "rule \(finding.rule.ruleNumber) was judged \(finding.evaluation.result) from an unusable config file")
        }
      }
      return outcome
    }
    #expect(report.failures.isEmpty, "\(report.failures)")
  }

  /// `/proc/<pid>/cmdline` and `stat`: a process is reported, or reported as unreadable, unless
  /// it is plainly not one the rules read; never dropped silently.
  @Test func procFiles() async throws {
    let root = try makeNodeRoot()
    defer { try? FileManager.default.removeItem(at: root) }
    let separator = Array("\n@@stat@@\n".utf8)
    let seeds = try fuzzSeeds("proc")  // cmdline, stat
    let matcher = ProcessMatcher(fuzzBenchmark.collectionPlan.processes)
    let fuzzer = Fuzzer(
      target: "proc", seeds: [seeds[0] + separator + seeds[1]],
      dictionary: processDictionary + ["\n@@stat@@\n"], maxLength: 8 << 10)
    let report = await fuzzer.run { bytes in
      let cut = bytes.firstRange(of: separator)
      let cmdline = cut.map { Array(bytes[..<$0.lowerBound]) } ?? bytes
      let stat = cut.map { Array(bytes[$0.upperBound...]) } ?? []
      try Data(cmdline).write(to: root.appendingPathComponent("proc/\(pid)/cmdline"))
      try Data(stat).write(to: root.appendingPathComponent("proc/\(pid)/stat"))
      let (resources, warnings) = try await scanProcesses(root: root)
      var outcome = FuzzOutcome()
      let commandLine = ProcessCommandLine(bytes: cmdline)
      let parsedStat = ProcStat(String(decoding: stat, as: UTF8.self))
      outcome.accepted = !resources.isEmpty
      if let process = resources.first?.process {
        outcome.check(process.pid == pid, "process \(process.pid) reported for \(pid)")
        outcome.check(process.arguments == commandLine.arguments, "the arguments differ from the command line")
        _ = outcome.judge(resources[0])
      } else if warnings.filter({ $0.contains("could not be read") }).isEmpty {
        let executable = commandLine.executable
        let plainlyOther =
          commandLine.isEmpty || (!executable.isEmpty && matcher.spec(executable: executable) == nil)
          || (executable.isEmpty && parsedStat?.pid == pid && matcher.spec(comm: parsedStat!.comm) == nil)
        outcome.check(plainlyOther, "process \(pid) (\(commandLine.arguments.prefix(1))) was dropped silently")
      }
      outcome.checkLineLengths(warnings)
      return outcome
    }
    #expect(report.failures.isEmpty, "\(report.failures)")
  }
}
