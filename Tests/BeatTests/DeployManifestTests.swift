import Benchmarks
import Foundation
import KSPMCore
import Testing
import YAMLValue

/// Checks the DaemonSet deployment in `deploy/kubernetes/` against what the collectors need.
@Suite struct DeployManifestTests {
  func documents() throws -> [JSONValue] {
    let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().appendingPathComponent("deploy/kubernetes")
    var all: [JSONValue] = []
    for name in ["rbac.yaml", "configmap.yaml", "daemonset.yaml"] {
      let text = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
      all.append(contentsOf: try YAMLDocuments.parseAll(text))
    }
    return all
  }

  func object(_ docs: [JSONValue], _ kind: String) throws -> JSONValue {
    try #require(docs.first { $0["kind"]?.stringValue == kind }, "no \(kind)")
  }

  @Test func clusterRoleListsExactlyTheKindsTheRulesReadAndGetsOnlyTheClusterFacts() throws {
    let role = try object(try documents(), "ClusterRole")
    var listed = Set<String>()
    var gotten = Set<String>()
    for rule in role["rules"]?.arrayValue ?? [] {
      let verbs = rule["verbs"]
      #expect(verbs == ["get", "list"] || verbs == ["get"], "read-only, no watch")
      for group in rule["apiGroups"]?.arrayValue ?? [] {
        for resource in rule["resources"]?.arrayValue ?? [] {
          let name = "\(group.stringValue ?? "")/\(resource.stringValue ?? "")"
          if verbs == ["get", "list"] { listed.insert(name) } else { gotten.insert(name) }
        }
      }
      if rule["resources"] == ["namespaces"] { #expect(rule["resourceNames"] == ["kube-system"]) }
    }
    // Every registered benchmark's kinds, and nothing else.
    let needed = Set(
      BenchmarkRegistry.all.flatMap { $0.collectionPlan.kubernetesKinds + $0.collectionPlan.contextKinds }
        .map { "\($0.group)/\($0.resource)" })
    #expect(listed == needed)
    #expect(gotten == ["/nodes", "/namespaces"])
  }

  @Test func namespacedRoleCoversTheLeaseAndNothingMore() throws {
    let role = try object(try documents(), "Role")
    let rules = role["rules"]?.arrayValue ?? []
    let lease = try #require(rules.first { $0["resources"] == ["leases"] })
    #expect(lease["apiGroups"] == ["coordination.k8s.io"])
    #expect(lease["verbs"] == ["get", "create", "update"])
    let configMap = try #require(rules.first { $0["resources"] == ["configmaps"] })
    #expect(configMap["resourceNames"] == ["kubeadm-config"])
    #expect(configMap["verbs"] == ["get"])
    #expect(rules.count == 2)
  }

  @Test func daemonSetMountsTheNodeReadOnlyAndRunsWithMinimalPrivileges() throws {
    let daemonSet = try object(try documents(), "DaemonSet")
    let pod = try #require(daemonSet[path: "spec", "template", "spec"])
    #expect(pod["serviceAccountName"] == "kspmbeat")
    let container = try #require(pod["containers"]?.arrayValue?.first)
    let mounts = container["volumeMounts"]?.arrayValue ?? []
    #expect(!mounts.isEmpty)
    #expect(mounts.allSatisfy { $0["readOnly"] == true })
    let hostMounts = Set(mounts.compactMap { $0["mountPath"]?.stringValue }.filter { $0.hasPrefix("/hostfs") })
    for needed in [
      "/hostfs/proc", "/hostfs/etc/kubernetes", "/hostfs/var/lib", "/hostfs/etc/passwd", "/hostfs/etc/group",
    ] {
      #expect(hostMounts.contains(needed), "\(needed)")
    }
    let security = try #require(container["securityContext"])
    #expect(security["allowPrivilegeEscalation"] == false)
    #expect(security["readOnlyRootFilesystem"] == true)
    #expect(security[path: "capabilities", "drop"] == ["ALL"])
    #expect(security["privileged"] == nil)
    #expect(container[path: "resources", "limits", "memory"] != nil)
    let env = Set((container["env"]?.arrayValue ?? []).compactMap { $0["name"]?.stringValue })
    #expect(env.isSuperset(of: ["NODE_NAME", "POD_NAME"]))
    #expect(pod["hostPID"] == nil)
  }
}
