import Benchmarks
import Findings
import Foundation
import KSPMCore
import Testing

/// A rule selection only removes findings: the documents of the rules it keeps are the same,
/// byte for byte, as without a selection.
@Suite struct SelectedRulesEncodingTests {
  static let resources: [Resource] = [
    apiServerManifest(),
    .process(
      ProcessResource(
        pid: 12, name: "kube-apiserver", executable: "kube-apiserver",
        arguments: ["kube-apiserver", "--profiling=true", "--authorization-mode=Node,RBAC"])),
    .kubernetes(
      KubernetesObject(object: [
        "apiVersion": "v1", "kind": "Pod", "metadata": ["name": "web", "namespace": "shop", "uid": "p-1"],
        "spec": ["hostPID": true, "containers": [["name": "c", "securityContext": ["privileged": true]]]],
      ])),
  ]

  @Test(arguments: [
    RuleSelection(rules: ["1.2.*"]), RuleSelection(skip: ["5.2.2", "1.1.1"]), RuleSelection(sections: ["1.1", "5.2"]),
    RuleSelection(profile: .level1), RuleSelection(targets: ["policies"]),
  ])
  func theDocumentsOfTheSelectedRulesAreUnchanged(selection: RuleSelection) {
    let full = CISKubernetes.shared
    let selected = full.selecting(selection)
    let timestamp = Date(timeIntervalSince1970: 1_694_512_801.207)
    let fullEncoder = FindingEncoder(context: context, rules: full.rules)
    let selectedEncoder = FindingEncoder(context: context, rules: selected.rules)
    var kept = 0
    for resource in Self.resources {
      let all = fullEncoder.encode(resource: resource, findings: full.evaluate(resource), timestamp: timestamp)
      let some = selectedEncoder.encode(resource: resource, findings: selected.evaluate(resource), timestamp: timestamp)
      let selectedIDs = Set(selected.rules.map(\.id))
      let expected = all.filter { selectedIDs.contains($0.summary.rule.id) }
      #expect(some.map(\.body) == expected.map(\.body))
      #expect(some.map(\.id) == expected.map(\.id))
      kept += some.count
    }
    #expect(kept > 0, "the selection keeps some findings of these resources")
  }
}
