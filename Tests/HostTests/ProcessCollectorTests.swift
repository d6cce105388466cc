import Foundation
import KSPMCore
import Testing

@testable import Host

/// A fake `/proc` under a fixture root.
struct FakeProc {
  let fixture: HostFixture

  func uptime(_ text: String) throws { try fixture.write("/proc/uptime", text) }

  /// Writes `/proc/<pid>/stat` with the fields kspmbeat reads and zeros elsewhere (52 fields).
  func process(
    _ pid: Int32, comm: String, argv: [String], state: String = "S", ppid: Int32 = 1, pgrp: Int32? = nil,
    utime: UInt64 = 11, stime: UInt64 = 7, nice: Int = 0, threads: Int = 9, startTicks: UInt64 = 5000,
    vsize: UInt64 = 1_947_252_000, rssPages: Int = 20001
  ) throws {
    var fields = [String](repeating: "0", count: 52)
    fields[0] = String(pid)
    fields[1] = "(\(comm))"
    fields[2] = state
    fields[3] = String(ppid)
    fields[4] = String(pgrp ?? pid)
    fields[13] = String(utime)
    fields[14] = String(stime)
    fields[18] = String(nice)
    fields[19] = String(threads)
    fields[21] = String(startTicks)
    fields[22] = String(vsize)
    fields[23] = String(rssPages)
    try fixture.write("/proc/\(pid)/stat", fields.joined(separator: " ") + "\n", mode: 0o444)
    try cmdline(pid, argv)
  }

  func cmdline(_ pid: Int32, _ argv: [String]) throws {
    let bytes: [UInt8] = argv.flatMap { (arg: String) -> [UInt8] in Array(arg.utf8) + [0] }
    try fixture.writeBytes("/proc/\(pid)/cmdline", bytes, mode: 0o444)
  }
}

@Suite struct ProcessCollectorTests {
  static let now = Date(timeIntervalSince1970: 1_700_000_000)

  static let specs = [
    ProcessSpec(name: "etcd"), ProcessSpec(name: "kube-apiserver"), ProcessSpec(name: "kube-controller-manager"),
    ProcessSpec(name: "kube-scheduler"), ProcessSpec(name: "kubelet", configFlags: ["config"]),
    ProcessSpec(name: "kthreadd"), ProcessSpec(name: "weird-tool"),
  ]

  private func collector(
    _ fixture: HostFixture, specs: [ProcessSpec] = specs, options: ProcessCollector.Options = .init()
  )
    -> ProcessCollector
  {
    ProcessCollector(root: fixture.root, processes: specs, options: options, now: { Self.now })
  }

  /// A control-plane node's processes, plus the awkward cases.
  private func controlPlane() throws -> HostFixture {
    let fixture = try HostFixture()
    let proc = FakeProc(fixture: fixture)
    try proc.uptime("1000.50 3900.12\n")
    try fixture.directory("/proc/self")
    try fixture.write("/proc/sys/kernel/hostname", "node")
    try proc.process(2, comm: "kthreadd", argv: [], ppid: 0)
    try proc.process(
      101, comm: "kube-apiserver", argv: ["/usr/local/bin/kube-apiserver", "--anonymous-auth=false", "--profiling"])
    try proc.process(
      102, comm: "kube-controller", argv: ["kube-controller-manager", "--bind-address=127.0.0.1"])
    try proc.process(103, comm: "kube-controller", argv: ["/usr/bin/kube-controllers"])
    try proc.process(
      104, comm: "kubelet",
      argv: ["/usr/bin/kubelet", "--config", "/wrong/first.yaml", "--config", "/var/lib/kubelet/config.yaml"])
    try proc.process(
      105, comm: "kubelet", argv: ["/usr/bin/kubelet", "--config=/etc/kubernetes/kubelet/kubelet-config.json"])
    try proc.process(
      106, comm: "weird (name) x)", argv: ["/opt/weird-tool", "--a", "b"], state: "R", ppid: 42, pgrp: 77, utime: 123,
      stime: 45, nice: -5, threads: 3, startTicks: 2550, vsize: 4096, rssPages: 2)
    try fixture.write("/proc/107/stat", "garbage without parentheses", mode: 0o444)
    try proc.cmdline(107, ["/usr/bin/etcd", "--data-dir=/var/lib/etcd"])
    try proc.process(108, comm: "sshd", argv: ["/usr/sbin/sshd", "-D"])
    // Title rewritten so that argv[0] is empty: comm decides, only when it cannot be truncated.
    try proc.process(109, comm: "kube-scheduler", argv: ["", "--leader-elect=true"])
    try proc.process(110, comm: "kube-controller", argv: [""])
    try fixture.write(
      "/var/lib/kubelet/config.yaml",
      "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nauthentication:\n  anonymous:\n    enabled: false\n"
    )
    try fixture.write(
      "/etc/kubernetes/kubelet/kubelet-config.json",
      #"{"kind": "KubeletConfiguration", "readOnlyPort": 0, "authentication": {"webhook": {"enabled": true}}}"#)
    return fixture
  }

  private func byPID(_ resources: [Resource]) -> [Int32: ProcessResource] {
    Dictionary(uniqueKeysWithValues: resources.compactMap(\.process).map { ($0.pid, $0) })
  }

  @Test func matchesWantedProcessesByExecutableName() async throws {
    let fixture = try controlPlane()
    let diagnostics = RecordingDiagnostics()
    let found = byPID(try await collectAll(collector(fixture), diagnostics: diagnostics))
    #expect(found.keys.sorted() == [101, 102, 104, 105, 106, 109])
    #expect(found[101]?.executable == "kube-apiserver")
    #expect(found[101]?.arguments == ["/usr/local/bin/kube-apiserver", "--anonymous-auth=false", "--profiling"])
    #expect(found[101]?.flags.value("anonymous-auth") == "false")
    #expect(found[102]?.name == "kube-controller")
    #expect(found[102]?.executable == "kube-controller-manager")
    #expect(found[109]?.name == "kube-scheduler")
    #expect(found[109]?.executable == "")
    // etcd 107's stat is garbage: reported (one aggregated line), not dropped silently.
    #expect(diagnostics.warnings.count == 1)
    #expect(diagnostics.warnings.first?.message.hasPrefix("1 processes could not be read (first: ") == true)
    #expect(diagnostics.warnings.first?.message.contains("/proc/107/stat: unexpected content") == true)
  }

  @Test func etcdFlagsAreAlsoReadFromItsEnvironmentButTheCommandLineWins() async throws {
    let fixture = try HostFixture()
    let proc = FakeProc(fixture: fixture)
    try proc.uptime("1000.50 3900.12\n")
    try proc.process(201, comm: "etcd", argv: ["/usr/bin/etcd", "--key-file=/etc/etcd/cmdline.key"])
    let environ = [
      "PATH=/usr/bin", "ETCD_CERT_FILE=/etc/etcd/server.crt", "ETCD_KEY_FILE=/etc/etcd/env.key",
      "ETCD_CLIENT_CERT_AUTH=true", "ETCD_INITIAL_CLUSTER_TOKEN=s3cret-token", "ETCD_AUTO_TLS",
    ]
    try fixture.writeBytes("/proc/201/environ", environ.flatMap { Array($0.utf8) + [0] }, mode: 0o400)
    // Without environ access (another user's process) only the command line counts.
    try proc.process(202, comm: "etcd", argv: ["/usr/bin/etcd", "--client-cert-auth=false"])
    let spec = ProcessSpec(
      name: "etcd",
      environmentFlags: EnvironmentFlags(
        prefix: "ETCD_", flags: ["cert-file", "key-file", "client-cert-auth", "auto-tls"]))
    let found = byPID(try await collectAll(collector(fixture, specs: [spec]), diagnostics: RecordingDiagnostics()))
    let etcd = try #require(found[201])
    #expect(etcd.flags.value("cert-file") == "/etc/etcd/server.crt")
    #expect(etcd.flags.value("key-file") == "/etc/etcd/cmdline.key", "the command line wins")
    #expect(etcd.flags.value("client-cert-auth") == "true")
    #expect(!etcd.flags.contains("auto-tls"), "a variable without a value is not a setting")
    #expect(!etcd.flags.contains("initial-cluster-token"), "variables not asked for are never collected")
    #expect(!"\(etcd.flags.evidence)".contains("s3cret"))
    #expect(etcd.arguments == ["/usr/bin/etcd", "--key-file=/etc/etcd/cmdline.key"])
    #expect(found[202]?.flags.value("client-cert-auth") == "false")
  }

  /// Under the DaemonSet's capabilities another user's `environ` may be unreadable: the flags it
  /// could set are unknown (and the rules on them are not evaluated), never silently absent.
  @Test func anUnreadableEnvironmentLeavesTheFlagsItMaySetUnknownAndSaysSo() async throws {
    let fixture = try HostFixture()
    let proc = FakeProc(fixture: fixture)
    try proc.uptime("1000.50 3900.12\n")
    try proc.process(203, comm: "etcd", argv: ["/usr/bin/etcd", "--client-cert-auth=true"])
    // A folder where the file should be: reading it fails, for root too.
    _ = try fixture.directory("/proc/203/environ")
    let spec = ProcessSpec(
      name: "etcd", environmentFlags: EnvironmentFlags(prefix: "ETCD_", flags: ["cert-file", "client-cert-auth"]))
    let diagnostics = RecordingDiagnostics()
    let found = byPID(try await collectAll(collector(fixture, specs: [spec]), diagnostics: diagnostics))
    let etcd = try #require(found[203])
    #expect(Set(etcd.unknownFlags.keys) == ["--cert-file"], "a flag on the command line is known")
    #expect(etcd.unknownFlags["--cert-file"]?.contains("ETCD_CERT_FILE") == true)
    #expect(etcd.unknownFlags["--cert-file"]?.contains("/proc/203/environ") == true)
    let warning = try #require(diagnostics.warnings.first { $0.subject == "pid 203 etcd" })
    #expect(warning.message.contains("not evaluated"))
  }

  @Test func anEtcdConfigFileReplacesItsFlagsAndEnvironment() async throws {
    let fixture = try HostFixture()
    let proc = FakeProc(fixture: fixture)
    try proc.uptime("1000.50 3900.12\n")
    try proc.process(
      301, comm: "etcd",
      argv: ["/usr/bin/etcd", "--config-file", "/etc/etcd/etcd.conf.yml", "--client-cert-auth=false"])
    try fixture.writeBytes("/proc/301/environ", Array("ETCD_KEY_FILE=/env.key\0".utf8), mode: 0o400)
    try fixture.write(
      "/etc/etcd/etcd.conf.yml",
      """
      name: node-1
      client-transport-security:
        cert-file: /etc/etcd/server.crt
        key-file: /etc/etcd/server.key
        client-cert-auth: true
      peer-transport-security:
        auto-tls: true
      """)
    let spec = ProcessSpec(
      name: "etcd", configFlags: ["config-file"],
      environmentFlags: EnvironmentFlags(prefix: "ETCD_", flags: ["key-file"]),
      exclusiveConfigFile: ExclusiveConfigFile(
        flag: "config-file",
        settings: [
          "cert-file": ["client-transport-security", "cert-file"],
          "key-file": ["client-transport-security", "key-file"],
          "client-cert-auth": ["client-transport-security", "client-cert-auth"],
          "peer-auto-tls": ["peer-transport-security", "auto-tls"], "peer-cert-file": ["peer", "cert-file"],
        ]))
    let found = byPID(try await collectAll(collector(fixture, specs: [spec]), diagnostics: RecordingDiagnostics()))
    let etcd = try #require(found[301])
    #expect(etcd.configFiles["config-file"]?.content?["name"]?.stringValue == "node-1")
    #expect(etcd.flags.value("config-file") == "/etc/etcd/etcd.conf.yml")
    #expect(etcd.flags.value("cert-file") == "/etc/etcd/server.crt")
    #expect(etcd.flags.value("key-file") == "/etc/etcd/server.key", "the environment is ignored")
    #expect(etcd.flags.value("client-cert-auth") == "true", "the command line is ignored")
    #expect(etcd.flags.value("peer-auto-tls") == "true")
    #expect(!etcd.flags.contains("peer-cert-file"))
  }

  @Test func truncatedCommIsNeverMatchedToAShortSpec() async throws {
    // Old cloudbeat matched the comm `kube-controller`; Calico's `kube-controllers` (103) and a
    // process with no argv[0] whose comm may be truncated (110) must not match it.
    let fixture = try controlPlane()
    let found = byPID(
      try await collectAll(collector(fixture, specs: [ProcessSpec(name: "kube-controller")])))
    #expect(found.isEmpty)
    let calico = byPID(try await collectAll(collector(fixture, specs: [ProcessSpec(name: "kube-controllers")])))
    #expect(calico.keys.sorted() == [103])
    #expect(calico[103]?.name == "kube-controller")
  }

  @Test func parsesStatWithParenthesesAndSpacesInComm() async throws {
    let fixture = try controlPlane()
    let process = try #require(byPID(try await collectAll(collector(fixture)))[106])
    #expect(process.name == "weird (name) x)")
    #expect(process.parentPID == 42)
    #expect(process.processGroup == 77)
    #expect(process.startTicks == 2550)
    let page = FileSystemCalls.pageSize
    let expected: [(String, String)] = [
      ("Name", "weird (name) x)"), ("State", "R"), ("Parent", "42"), ("Group", "77"), ("Nice", "-5"),
      ("Threads", "3"), ("UserTime", "123"), ("SystemTime", "45"), ("StartTime", "2550"), ("TotalSize", "4096"),
      ("ResidentSize", String(2 * page)),
    ]
    #expect(process.stat.keys == expected.map(\.0))
    for (key, value) in expected { #expect(process.stat[key] == .string(value), "\(key)") }
    let resource = Resource.process(process)
    #expect(resource.name == "weird (name) x)")
    #expect(resource.rawID == "1062550")
  }

  @Test func datesStartsFromUptime() async throws {
    let fixture = try controlPlane()
    let process = try #require(byPID(try await collectAll(collector(fixture)))[101])
    // boot = now − 1000.5 s; start = boot + 5000 ticks / 100.
    #expect(process.startTime == Self.now.addingTimeInterval(-1000.5 + 50))
    #expect(process.uptime == 950)
  }

  @Test func readsKubeletConfigFromYAMLAndJSONWithLastFlagWinning() async throws {
    let fixture = try controlPlane()
    let found = byPID(try await collectAll(collector(fixture)))
    let yaml = try #require(found[104]?.configFiles["config"])
    #expect(yaml.path == "/var/lib/kubelet/config.yaml")
    #expect(yaml.error == nil)
    #expect(yaml.content?[path: "authentication", "anonymous", "enabled"] == .bool(false))
    #expect(yaml.content?["kind"] == "KubeletConfiguration")
    let json = try #require(found[105]?.configFiles["config"])
    #expect(json.path == "/etc/kubernetes/kubelet/kubelet-config.json")
    #expect(json.content?["readOnlyPort"] == .int(0))
    #expect(json.content?[path: "authentication", "webhook", "enabled"] == .bool(true))
    #expect(found[101]?.configFiles.isEmpty == true)
  }

  @Test func configFilesAreReportedAsFilesNamedByTheirProcess() async throws {
    let fixture = try controlPlane()
    try FileManager.default.setAttributes(
      [.posixPermissions: 0o640], ofItemAtPath: fixture.real("/var/lib/kubelet/config.yaml"))
    let files = try await collectAll(collector(fixture)).compactMap(\.file)
    #expect(
      files.map(\.hostPath).sorted() == ["/etc/kubernetes/kubelet/kubelet-config.json", "/var/lib/kubelet/config.yaml"])
    #expect(files.allSatisfy { $0.namedBy == ["kubelet --config"] })
    let yaml = try #require(files.first { $0.hostPath == "/var/lib/kubelet/config.yaml" })
    #expect(yaml.mode == 0o640)
    #expect(yaml.path == fixture.root.containerPath("/var/lib/kubelet/config.yaml"))
    #expect(!yaml.isDirectory)
  }

  @Test func unusableConfigIsRecordedAndWarnedButTheProcessIsEmitted() async throws {
    let fixture = try HostFixture()
    let proc = FakeProc(fixture: fixture)
    try proc.uptime("100.0 50.0")
    try proc.process(201, comm: "kubelet", argv: ["kubelet", "--config=/etc/bad.yaml"])
    try proc.process(202, comm: "kubelet", argv: ["kubelet", "--config", "/etc/big.yaml"])
    try proc.process(203, comm: "kubelet", argv: ["kubelet", "--config", "/etc/missing.yaml"])
    try proc.process(204, comm: "kubelet", argv: ["kubelet", "--config", "etc/relative.yml"])
    try proc.process(205, comm: "kubelet", argv: ["kubelet", "--kubeconfig=/etc/kubernetes/kubelet.conf"])
    try fixture.write("/etc/bad.yaml", "authentication: [1, 2\n  nope: {")
    try fixture.write("/etc/big.yaml", "a: " + String(repeating: "b", count: 200) + "\n")
    try fixture.write("/etc/relative.yml", "readOnlyPort: 10255\n")
    let diagnostics = RecordingDiagnostics()
    let found = byPID(
      try await collectAll(
        collector(fixture, options: .init(configFileLimit: 100)), diagnostics: diagnostics))
    #expect(found.keys.sorted() == [201, 202, 203, 204, 205])

    let bad = try #require(found[201]?.configFiles["config"])
    #expect(bad.content == nil)
    #expect(bad.error?.hasPrefix(fixture.root.containerPath("/etc/bad.yaml") + ": ") == true)
    #expect(bad.error?.contains("\n") == false)
    #expect(
      found[202]?.configFiles["config"]?.error == fixture.root.containerPath("/etc/big.yaml")
        + ": file is larger than 100 bytes")
    #expect(
      found[203]?.configFiles["config"]?.error == fixture.root.containerPath("/etc/missing.yaml")
        + ": no such file or directory")
    #expect(found[204]?.configFiles["config"]?.content?["readOnlyPort"] == .int(10255))
    #expect(found[204]?.configFiles["config"]?.path == "etc/relative.yml")
    #expect(found[205]?.configFiles.isEmpty == true)

    let warnings = diagnostics.warnings
    #expect(warnings.count == 3)
    #expect(warnings.allSatisfy { $0.collector == "process" })
    #expect(warnings.contains { $0.subject.contains("201") && $0.message.contains("/etc/bad.yaml") })
    #expect(warnings.contains { $0.subject.contains("202") && $0.message.contains("larger than 100 bytes") })
    #expect(warnings.contains { $0.subject.contains("203") && $0.message.contains("no such file") })
  }

  @Test func configPathsCannotLeaveTheRoot() async throws {
    let fixture = try HostFixture()
    let proc = FakeProc(fixture: fixture)
    try proc.uptime("100.0 50.0")
    try "secret: OUTSIDE\n".write(toFile: fixture.outside + "/secret.yaml", atomically: false, encoding: .utf8)
    // <root>/var/lib/kubelet/../../../../outside would be <base>/outside without confinement.
    try proc.process(
      301, comm: "kubelet", argv: ["kubelet", "--config=/var/lib/kubelet/../../../../outside/secret.yaml"])
    try proc.process(302, comm: "kubelet", argv: ["kubelet", "--config=/var/lib/kubelet/link.yaml"])
    try fixture.symlink("/var/lib/kubelet/link.yaml", to: fixture.outside + "/secret.yaml")
    let found = byPID(try await collectAll(collector(fixture)))
    #expect(found.keys.sorted() == [301, 302])
    for pid: Int32 in [301, 302] {
      let config = try #require(found[pid]?.configFiles["config"])
      #expect(config.content == nil)
      #expect(config.error?.hasSuffix("no such file or directory") == true)
    }
  }

  @Test func emitsInPages() async throws {
    let fixture = try HostFixture()
    let proc = FakeProc(fixture: fixture)
    try proc.uptime("100.0 50.0")
    for pid: Int32 in 1000..<1005 { try proc.process(pid, comm: "etcd", argv: ["/usr/local/bin/etcd"]) }
    let pages = try await collectPages(collector(fixture, options: .init(pageSize: 2)))
    #expect(pages.map(\.count) == [2, 2, 1])
    #expect(pages.flatMap { $0 }.compactMap(\.process?.pid) == [1000, 1001, 1002, 1003, 1004])
  }

  @Test func missingUptimeLeavesStartTimesUnknownWithAWarning() async throws {
    let fixture = try HostFixture()
    let proc = FakeProc(fixture: fixture)
    try proc.process(7, comm: "etcd", argv: ["etcd"])
    let diagnostics = RecordingDiagnostics()
    let found = byPID(try await collectAll(collector(fixture), diagnostics: diagnostics))
    #expect(found[7]?.startTime == nil)
    #expect(found[7]?.uptime == nil)
    #expect(found[7]?.startTicks == 5000)
    #expect(diagnostics.warnings.map(\.subject) == [fixture.root.containerPath("/proc/uptime")])
  }

  @Test func missingProcIsAnError() async throws {
    let fixture = try HostFixture()
    await #expect(throws: HostFileError.self) { try await collectAll(collector(fixture)) }
  }

  @Test func collectorIdentity() {
    let collector = ProcessCollector(root: HostRoot("/hostfs"), processes: [])
    #expect(collector.name == "process")
    #expect(collector.scope == .node)
  }
}

@Suite struct ProcStatTests {
  @Test func splitsAfterTheLastParenthesis() throws {
    let line = "42 (a) b (c)) S 1 42 42 0 -1 4194560 1 2 3 4 10 20 0 0 20 0 5 0 777 8192 3 18446744073709551615"
    let stat = try #require(ProcStat(line))
    #expect(stat.pid == 42)
    #expect(stat.comm == "a) b (c)")
    #expect(stat.state == "S")
    #expect(stat.parentPID == 1)
    #expect(stat.userTime == 10)
    #expect(stat.systemTime == 20)
    #expect(stat.nice == 0)
    #expect(stat.threads == 5)
    #expect(stat.startTicks == 777)
    #expect(stat.virtualSize == 8192)
    #expect(stat.residentPages == 3)
  }

  @Test(arguments: [
    "", "garbage", "12 (x S 1 2", "12 (x) S 1 2 3", "abc (x) S 1 1 1 0 -1 0 0 0 0 0 1 1 0 0 20 0 1 0 1 1 1",
    "12 (x) S one 1 1 0 -1 0 0 0 0 0 1 1 0 0 20 0 1 0 1 1 1",
  ])
  func rejectsMalformedStat(_ text: String) {
    #expect(ProcStat(text) == nil)
  }

  @Test func commandLineSplitsOnNULsAndRewrittenTitles() {
    #expect(
      ProcessCommandLine(bytes: Array("/usr/bin/kubelet\0--config\0/x y\0".utf8)).arguments == [
        "/usr/bin/kubelet", "--config", "/x y",
      ])
    #expect(ProcessCommandLine(bytes: Array("/usr/bin/kubelet\0".utf8)).executable == "kubelet")
    #expect(ProcessCommandLine(bytes: []).isEmpty)
    #expect(
      ProcessCommandLine(bytes: Array("kube-apiserver --a=1 --b 2".utf8)).arguments == [
        "kube-apiserver", "--a=1", "--b", "2",
      ])
    #expect(ProcessCommandLine(bytes: Array("\0--x\0".utf8)).executable == "")
  }
}

@Suite struct RealProcTests {
  /// Reads the machine's own `/proc` with root `/` and finds this test process by its executable.
  @Test func findsTheRunningTestProcess() async throws {
    let executable = try #require(CommandLine.arguments.first?.split(separator: "/").last.map(String.init))
    let collector = ProcessCollector(root: HostRoot("/"), processes: [ProcessSpec(name: executable)])
    let diagnostics = RecordingDiagnostics()
    let processes = try await collectAll(collector, diagnostics: diagnostics).compactMap(\.process)
    let me = try #require(processes.first { $0.pid == getpid() })
    #expect(me.executable == executable)
    #expect(me.arguments == CommandLine.arguments)
    #expect(me.parentPID == getppid())
    #expect(me.stat["Name"]?.stringValue?.isEmpty == false)
    let started = try #require(me.startTime)
    #expect(abs(started.timeIntervalSinceNow) < 3600)
    #expect(diagnostics.warnings.isEmpty)
  }
}
