import Benchmarks
import Engine
import Findings
import Foundation
import KSPMCore
import Logging
import Output
import Testing

/// Pods read as one page.
struct PodsCollector: ResourceCollector {
  let name = "manifests"
  let scope = CollectionScope.cluster
  let pods: [JSONValue]
  func collect(diagnostics: any ScanDiagnostics, emit: @Sendable ([Resource]) async throws -> Void) async throws {
    try await emit(pods.map { .kubernetes(KubernetesObject(object: $0)) })
  }
}

func privilegedPod(_ name: String, namespace: String, labels: JSONValue = [:]) -> JSONValue {
  [
    "apiVersion": "v1", "kind": "Pod",
    "metadata": [
      "name": .string(name), "namespace": .string(namespace), "uid": .string("uid-\(name)"), "labels": labels,
    ],
    "spec": ["containers": [["name": "c", "image": "nginx", "securityContext": ["privileged": true]]]],
  ]
}

@Suite struct ExceptionTests {
  @Test func expiryIsADayThroughItsEndOrAnInstant() throws {
    let day = try #require(ExceptionExpiry("2026-06-30"))
    #expect(!day.hasPassed(at: try #require(Timestamp.parse("2026-06-30T23:59:59Z"))))
    #expect(day.hasPassed(at: try #require(Timestamp.parse("2026-07-01T00:00:00Z"))))
    let instant = try #require(ExceptionExpiry("2026-06-30T12:00:00Z"))
    #expect(instant.hasPassed(at: try #require(Timestamp.parse("2026-06-30T12:00:00Z"))))
    #expect(ExceptionExpiry("2026-02-30") == nil)
    #expect(ExceptionExpiry("tomorrow") == nil)
  }

  @Test func selectorsMatchNamespaceKindNameAndLabels() {
    let pod = Resource.kubernetes(
      KubernetesObject(object: privilegedPod("proxy-1", namespace: "kube-system", labels: ["app": "proxy"])))
    #expect(ResourceSelector().matches(pod))
    #expect(
      ResourceSelector(namespaces: ["kube-*"], kinds: ["pod"], names: ["proxy-*"], labels: ["app": "pro*"]).matches(pod)
    )
    #expect(!ResourceSelector(namespaces: ["default"]).matches(pod))
    #expect(!ResourceSelector(kinds: ["Deployment"]).matches(pod))
    #expect(!ResourceSelector(labels: ["app": "web"]).matches(pod))
    #expect(!ResourceSelector(labels: ["tier": "*"]).matches(pod), "a label the object lacks never matches")
    let file = Resource.file(
      FileResource(
        path: "/hostfs/etc/kubernetes/admin.conf", hostPath: "/etc/kubernetes/admin.conf", isDirectory: false,
        mode: 0o600, uid: 0, gid: 0, owner: "root", group: "root"))
    #expect(ResourceSelector(kinds: ["file"], names: ["/etc/kubernetes/*"]).matches(file))
    #expect(!ResourceSelector(namespaces: ["*"]).matches(file), "node resources have no namespace")
  }

  /// The daemon's pipeline: an exception in force marks the failed finding of the Pod it covers
  /// (still failed in its document) and leaves it out of the score; an expired one does not, and
  /// the cycle's log warns about it.
  @Test func thePipelineExceptsMarksAndWarns() async throws {
    let benchmark = CISKubernetes.shared
    let context = CycleContext(
      sequence: 9, clusterID: "c", nodeID: "n", host: HostInfo(name: "n"),
      agent: AgentInfo(id: "a", name: "n", version: "1", ephemeralID: "e"), benchmark: benchmark.info)
    let exceptions = ExceptionList([
      FindingException(
        rules: ["5.2.2"], resources: ResourceSelector(namespaces: ["kube-system"]), reason: "CNI needs it",
        owner: "net-team", expiry: ExceptionExpiry("2999-01-01"), origin: "kspmbeat.yml:10"),
      FindingException(
        rules: ["5.2.*"], resources: ResourceSelector(names: ["old-*"]), reason: "was temporary", owner: "me",
        expiry: ExceptionExpiry("2000-01-01"), origin: "kspmbeat.yml:16"),
    ])
    let queue = BoundedQueue<FindingDocument>(capacity: 1000)
    let summary = PostureSummary()
    let pipeline = CyclePipeline(
      benchmark: benchmark, encoder: FindingEncoder(context: context, rules: benchmark.rules), queue: queue,
      summary: summary, diagnostics: CountingDiagnostics(SilentDiagnostics()), exceptions: exceptions)
    _ = await pipeline.run([
      PodsCollector(pods: [
        privilegedPod("cni", namespace: "kube-system"), privilegedPod("old-job", namespace: "default"),
      ])
    ])
    let documents = queue.drain(upTo: 1000)
    let privileged = try documents.filter { $0.summary.rule.ruleNumber == "5.2.2" }.map {
      try JSONParser.parse($0.body)
    }
    #expect(privileged.count == 2)
    let cni = try #require(privileged.first { $0[path: "resource", "name"] == "cni" })
    #expect(cni[path: "result", "evaluation"] == "failed")
    #expect(
      cni[path: "kspmbeat", "exception"] == [
        "reason": "CNI needs it", "owner": "net-team", "expires": "2999-01-02T00:00:00.000Z",
      ])
    let old = try #require(privileged.first { $0[path: "resource", "name"] == "old-job" })
    #expect(old["kspmbeat"] == nil, "an expired exception marks nothing")
    #expect(summary.excepted == 1)
    #expect(summary.passed + summary.failed + summary.excepted == documents.count)
    let tally = try #require(summary.rules.first { $0.rule.ruleNumber == "5.2.2" })
    #expect(tally.failed == 1 && tally.excepted == 1)

    let uses = ExceptionUse.of(exceptions, summary: summary, at: Date())
    #expect(uses[0].excepted == 1 && !uses[0].expired)
    #expect(uses[1].expired && uses[1].excepted == 0)
    #expect(uses[1].lapsed >= 1, "the old job's failures it covers count again")

    let captured = CapturedLines()
    let logger = Logger(label: "test") { _ in CapturingHandler(captured: captured) }
    var report = CycleReport(
      sequence: 9, context: context, trigger: .period, duration: .seconds(1),
      outcomes: [CollectorOutcome(name: "manifests", resources: 2, findings: documents.count)], summary: summary,
      stages: StageTimes())
    report.exceptions = uses
    EventLog.log(.cycleFinished(report), to: logger)
    #expect(captured.all.contains { $0.contains("cycle finished") && $0.contains("\"findings.excepted\": 1") })
    #expect(
      captured.all.contains {
        $0.hasPrefix(
          "warning exception rules 5.2.* on name old-* (kspmbeat.yml:16) (owner me) expired (expires 2000-01-01)")
      }, "\(captured.all)")
  }

  /// An expired exception's warning says how many failures count again, in the right number,
  /// and says so plainly when it would except nothing now.
  @Test(arguments: [
    (0, "it covers no failed finding now"), (1, "its 1 failed finding counts again"),
    (3, "its 3 failed findings count again"),
  ])
  func expiryWarningsCountTheLapsedFindings(lapsed: Int, text: String) throws {
    let exception = FindingException(
      rules: ["4.2.1"], reason: "old", owner: "me", expiry: ExceptionExpiry("2020-01-01"), origin: "x.yaml:2")
    let use = ExceptionUse(position: 0, exception: exception, expired: true, excepted: 0, lapsed: lapsed)
    #expect(
      use.expiryWarning
        == "exception rules 4.2.1 on every resource (x.yaml:2) (owner me) expired (expires 2020-01-01): \(text)")
    let current = ExceptionUse(position: 0, exception: exception, expired: false, excepted: 2, lapsed: 0)
    #expect(current.expiryWarning == nil)
  }
}
