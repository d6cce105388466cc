import Benchmarks
import Foundation
import KSPMCore
import Kubernetes
import Testing

/// Checks the DaemonSet deployment in `deploy/kubernetes/` against what the collectors need.
@Suite struct DeployManifestTests {
  @Test func clusterRoleListsExactlyTheKindsTheRulesReadAndGetsOnlyTheClusterFacts() throws {
    let role = try DeployManifests().object("ClusterRole")
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
    // Cluster facts read single objects: kube-system (by name only) and this node, which cis_eks lists
    // anyway (5.4.3); `get` on nodes is needed whichever benchmark runs.
    #expect(gotten == ["/namespaces"])
    #expect(listed.contains("/nodes"))
  }

  @Test func namespacedRoleUpdatesOnlyOurLeaseAndReadsTheKubeadmConfig() throws {
    let manifests = try DeployManifests()
    let rules = try manifests.object("Role")["rules"]?.arrayValue ?? []
    let leaseRules = rules.filter { $0["resources"] == ["leases"] }
    #expect(leaseRules.allSatisfy { $0["apiGroups"] == ["coordination.k8s.io"] })
    // get and update only on our own Lease; create cannot be limited by name, so it stands alone.
    let named = try #require(leaseRules.first { $0["resourceNames"] != nil })
    #expect(named["resourceNames"] == .array([.string(LeaderElectionConfig.defaultLeaseName)]))
    #expect(named["verbs"] == ["get", "update"])
    let create = try #require(leaseRules.first { $0["resourceNames"] == nil })
    #expect(create["verbs"] == ["create"])
    #expect(leaseRules.count == 2)
    let configMap = try #require(rules.first { $0["resources"] == ["configmaps"] })
    #expect(configMap["resourceNames"] == ["kubeadm-config"])
    #expect(configMap["verbs"] == ["get"])
    #expect(rules.count == 3)
    // The configuration campaigns for the Lease the Role names.
    #expect(try manifests.configText().contains("lease_name: \(LeaderElectionConfig.defaultLeaseName)\n"))
  }

  @Test func daemonSetRunsWithMinimalPrivileges() throws {
    let manifests = try DeployManifests()
    let pod = try manifests.pod()
    #expect(pod["serviceAccountName"] == "kspmbeat")
    #expect(pod["hostPID"] == nil)
    let container = try manifests.container()
    let security = try #require(container["securityContext"])
    #expect(security["allowPrivilegeEscalation"] == false)
    #expect(security["readOnlyRootFilesystem"] == true)
    #expect(security[path: "capabilities", "drop"] == ["ALL"])
    // DAC_READ_SEARCH to read root-only files, SYS_PTRACE for other users' /proc/<pid>/environ.
    #expect(security[path: "capabilities", "add"] == ["DAC_READ_SEARCH", "SYS_PTRACE"])
    #expect(security["privileged"] == nil)
    #expect(container[path: "resources", "limits", "memory"] != nil)
    #expect(try manifests.environmentNames().isSuperset(of: ["NODE_NAME", "POD_NAME"]))
  }

  @Test func theOnlyTolerationReachesEveryNode() throws {
    let pod = try DeployManifests().pod()
    #expect(pod["tolerations"] == [["operator": "Exists"]])
  }

  @Test func hostMountsAreReadOnlyAndExactlyWhatTheRulesRead() throws {
    let manifests = try DeployManifests()
    let mounts = try manifests.mounts()
    #expect(!mounts.isEmpty)
    #expect(mounts.allSatisfy { $0["readOnly"] == true })
    var hostFolders: [String] = []
    for mount in mounts {
      guard let path = mount["mountPath"]?.stringValue, path.hasPrefix("/hostfs/") else { continue }
      let name = try #require(mount["name"]?.stringValue)
      let hostPath = try manifests.volume(name)[path: "hostPath", "path"]?.stringValue
      #expect(hostPath == String(path.dropFirst("/hostfs".count)), "\(name) mounts the same path under /hostfs")
      hostFolders.append(String(path.dropFirst("/hostfs".count)))
    }
    func mounted(_ path: String) -> Bool { hostFolders.contains { path == $0 || path.hasPrefix($0 + "/") } }

    // Every file the rules collect, and the kubelet's --config file (kubeadm's place), is mounted.
    let patterns = BenchmarkRegistry.all.flatMap(\.collectionPlan.filePatterns)
    #expect(!patterns.isEmpty)
    for pattern in patterns {
      let path = pattern.hasSuffix("/**") ? String(pattern.dropLast(3)) : pattern
      #expect(mounted(path), "\(pattern) is not under a mounted folder")
    }
    #expect(mounted("/var/lib/kubelet/config.yaml"))
    // Processes (/proc), file owners' names, the node's id.
    for needed in ["/proc", "/etc/passwd", "/etc/group", "/etc/machine-id"] { #expect(mounted(needed), "\(needed)") }

    // Nothing more: each mount is needed by one of those, and /var/lib as a whole is not mounted.
    let needed =
      patterns.map { $0.hasSuffix("/**") ? String($0.dropLast(3)) : $0 } + [
        "/var/lib/kubelet/config.yaml", "/proc", "/etc/passwd", "/etc/group", "/etc/machine-id",
      ]
    for folder in hostFolders {
      #expect(needed.contains { $0 == folder || $0.hasPrefix(folder + "/") }, "\(folder) is mounted but not read")
    }
    #expect(!hostFolders.contains("/var/lib"))
    #expect(Set(hostFolders).count == hostFolders.count)
  }
}
