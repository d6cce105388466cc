import Findings
import FleetPackage
import Foundation
import KSPMCore
import Testing
import YAMLValue

let benchmark = BenchmarkInfo(id: "cis_k8s", name: "CIS Kubernetes V1.23", version: "v1.0.1")

let fileRule = RuleMetadata(
  id: "c444d9e3-d3de-5598-90e7-95a922b51664",
  name: "Ensure that the API server pod specification file permissions are set to 644 or more restrictive",
  ruleNumber: "1.1.1", section: "Control Plane Node Configuration Files",
  profileApplicability: "* Level 1 - Master Node", benchmark: benchmark, description: "Keep it \"tight\".")

let context = CycleContext(
  sequence: 1_694_512_800, clusterID: "3a0e1f7c-5b7d-4c55-9a8e-2f1f0e6d9b11", clusterName: "kind-multi",
  clusterVersion: "v1.29.4", nodeID: "b7c2d9e4-1f3a-4e8b-9c6d-0a1b2c3d4e5f",
  host: HostInfo(name: "node-1", architecture: "x86_64"),
  agent: AgentInfo(id: "agent-1", name: "node-1", version: "0.1.0", ephemeralID: "eph-1"), benchmark: benchmark)

func apiServerManifest() -> Resource {
  Resource.file(
    FileResource(
      path: "/hostfs/etc/kubernetes/manifests/kube-apiserver.yaml",
      hostPath: "/etc/kubernetes/manifests/kube-apiserver.yaml", isDirectory: false, mode: 0o600, uid: 0, gid: 0,
      owner: "root", group: "root", inode: 2_098_214, size: 3875, modified: Date(timeIntervalSince1970: 1_693_555_202)))
}

func decode(_ document: FindingDocument) throws -> JSONValue { try JSONParser.parse(document.body) }

@Suite struct FindingDocumentTests {
  let encoder = FindingEncoder(context: context, rules: [fileRule])

  @Test func fileFindingHasTheKibanaShape() throws {
    let evaluation = Evaluation.passed(evidence: ["filemode": "600"], expected: ["filemode": "644"])
    let docs = encoder.encode(
      resource: apiServerManifest(), findings: [RuleFinding(rule: fileRule, evaluation: evaluation)],
      timestamp: Date(timeIntervalSince1970: 1_694_512_801.207))
    #expect(docs.count == 1)
    let doc = try decode(docs[0])
    #expect(doc["@timestamp"] == "2023-09-12T10:00:01.207Z")
    #expect(doc["message"] == .string("Rule \"\(fileRule.name)\": passed"))
    #expect(doc[path: "resource", "id"] == "48516f92-620d-52ce-b3ce-ee583af01499")
    #expect(doc[path: "resource", "type"] == "file")
    #expect(doc[path: "resource", "sub_type"] == "file")
    #expect(doc[path: "resource", "name"] == "/hostfs/etc/kubernetes/manifests/kube-apiserver.yaml")
    #expect(doc[path: "resource", "raw", "mode"] == "600")
    #expect(doc[path: "resource", "raw", "owner"] == "root")
    #expect(doc[path: "result", "evaluation"] == "passed")
    #expect(doc[path: "result", "evidence", "filemode"] == "600")
    #expect(doc[path: "result", "expected", "filemode"] == "644")
    #expect(doc[path: "rule", "id"] == "c444d9e3-d3de-5598-90e7-95a922b51664")
    #expect(doc[path: "rule", "description"] == "Keep it \"tight\".")
    #expect(doc[path: "rule", "tags"] == ["CIS", "Kubernetes", "CIS 1.1.1", "Control Plane Node Configuration Files"])
    #expect(doc[path: "rule", "benchmark", "rule_number"] == "1.1.1")
    #expect(doc[path: "rule", "benchmark", "posture_type"] == "kspm")
    #expect(doc[path: "rule", "benchmark", "name"] == "CIS Kubernetes V1.23")
    #expect(doc[path: "rule", "version"] == "1.0")
    #expect(doc[path: "event", "kind"] == "state")
    #expect(doc[path: "event", "category"] == ["configuration"])
    #expect(doc[path: "event", "type"] == ["info"])
    #expect(doc[path: "event", "outcome"] == "success")
    #expect(doc[path: "event", "sequence"] == 1_694_512_800)
    #expect(doc[path: "event", "id"] == .string(docs[0].id))
    #expect(doc["cluster_id"] == "3a0e1f7c-5b7d-4c55-9a8e-2f1f0e6d9b11")
    #expect(doc[path: "orchestrator", "cluster", "id"] == "3a0e1f7c-5b7d-4c55-9a8e-2f1f0e6d9b11")
    #expect(doc[path: "orchestrator", "cluster", "name"] == "kind-multi")
    #expect(doc[path: "orchestrator", "cluster", "version"] == "v1.29.4")
    #expect(doc[path: "orchestrator", "type"] == "kubernetes")
    #expect(doc[path: "file", "mode"] == "600")
    #expect(doc[path: "file", "extension"] == ".yaml")
    #expect(doc[path: "file", "directory"] == "/hostfs/etc/kubernetes/manifests")
    #expect(doc[path: "file", "size"] == 3875)
    #expect(doc[path: "file", "mtime"] == "2023-09-01T08:00:02.000000000Z")
    #expect(doc[path: "data_stream", "dataset"] == "cloud_security_posture.findings")
    #expect(doc[path: "data_stream", "type"] == "logs")
    #expect(doc[path: "data_stream", "namespace"] == "default")
    #expect(doc[path: "ecs", "version"] == "8.6.0")
    #expect(doc[path: "agent", "type"] == "cloudbeat")
    #expect(doc[path: "host", "name"] == "node-1")
  }

  @Test func kubernetesFindingHashesTheUIDAndNamesTheObject() throws {
    let object: JSONValue = [
      "apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole",
      "metadata": ["name": "cluster-admin", "uid": "6f1d9c2a-8e4b-4f0a-9d3c-7b2e1a0c5d4f"],
      "rules": [["apiGroups": ["*"], "resources": ["*"], "verbs": ["*"]]],
    ]
    let rule = RuleMetadata(
      id: "fdd3f5ce-cbfb-5abf-8b4e-988168d5e5a4", name: "Minimize wildcard use in Roles and ClusterRoles",
      ruleNumber: "5.1.3", section: "RBAC and Service Accounts", profileApplicability: "* Level 1 - Worker Node",
      benchmark: benchmark)
    let docs = encoder.encode(
      resource: .kubernetes(KubernetesObject(object: object)),
      findings: [RuleFinding(rule: rule, evaluation: .failed(evidence: ["cluster_roles": object]))], timestamp: Date())
    let doc = try decode(docs[0])
    #expect(doc[path: "resource", "id"] == "c2e5ae29-6a70-5d9c-95c9-a57d8a13dd9d")
    #expect(doc[path: "resource", "sub_type"] == "ClusterRole")
    #expect(doc[path: "resource", "raw"] == object)
    #expect(doc[path: "result", "expected"] == .null)
    #expect(doc[path: "event", "outcome"] == "failure")
    #expect(doc[path: "orchestrator", "resource", "type"] == "ClusterRole")
    #expect(doc[path: "orchestrator", "resource", "name"] == "cluster-admin")
    // Only resource.id is hashed: orchestrator.resource.id is the object's own uid.
    #expect(doc[path: "orchestrator", "resource", "id"] == "6f1d9c2a-8e4b-4f0a-9d3c-7b2e1a0c5d4f")
    #expect(doc[path: "orchestrator", "resource", "namespace"] == nil)
    #expect(doc[path: "orchestrator", "namespace"] == nil, "a ClusterRole has no namespace")
    #expect(doc["file"] == nil)
    #expect(doc["rule"]?["tags"] == ["CIS", "Kubernetes", "CIS 5.1.3", "RBAC and Service Accounts"])
  }

  @Test func aNamespacedObjectIsNamedInECSOrchestratorFieldsWithItsRawUID() throws {
    let object: JSONValue = [
      "apiVersion": "v1", "kind": "Pod", "metadata": ["name": "web", "namespace": "shop", "uid": "p-1"],
    ]
    let docs = encoder.encode(
      resource: .kubernetes(KubernetesObject(object: object)),
      findings: [RuleFinding(rule: fileRule, evaluation: .passed(evidence: [:]))], timestamp: Date())
    let doc = try decode(docs[0])
    #expect(doc[path: "orchestrator", "namespace"] == "shop")
    #expect(doc[path: "orchestrator", "resource"] == ["type": "Pod", "name": "web", "id": "p-1"])
    #expect(doc[path: "resource", "id"] != "p-1", "resource.id is hashed")
  }

  @Test func processFindingCarriesTheECSProcessBlockAndParsedConfig() throws {
    let process = ProcessResource(
      pid: 1234, name: "kubelet", executable: "kubelet",
      arguments: ["/usr/bin/kubelet", "--config=/var/lib/kubelet/config.yaml", "--anonymous-auth=false"],
      parentPID: 1, processGroup: 1234, startTicks: 5678, startTime: Date(timeIntervalSince1970: 1_694_000_000),
      uptime: 512_800, stat: JSONObject([JSONObject.Member(key: "Name", value: "kubelet")]),
      configFiles: ["config": ProcessConfigFile(path: "/var/lib/kubelet/config.yaml", content: ["readOnlyPort": 0])])
    let resource = Resource.process(process)
    let docs = encoder.encode(
      resource: resource, findings: [RuleFinding(rule: fileRule, evaluation: .failed(evidence: ["x": 1]))],
      timestamp: Date())
    let doc = try decode(docs[0])
    #expect(resource.rawID == "12345678")
    #expect(doc[path: "resource", "raw", "pid"] == "1234")
    #expect(doc[path: "resource", "raw", "command"] == .string(process.commandLine))
    #expect(doc[path: "resource", "raw", "stat", "Name"] == "kubelet")
    #expect(doc[path: "resource", "raw", "external_data", "config", "readOnlyPort"] == 0)
    #expect(doc[path: "process", "pid"] == 1234)
    #expect(doc[path: "process", "args_count"] == 3)
    #expect(doc[path: "process", "parent", "pid"] == 1)
    #expect(doc[path: "process", "start"] == "2023-09-06T11:33:20.000Z")
    let expectedID = NameBasedUUID.v5(
      namespace: NameBasedUUID.resourceNamespace, name: context.clusterID + context.nodeID + "12345678")
    #expect(doc[path: "resource", "id"] == .string(expectedID))
  }

  @Test func documentIDsAreDeterministicPerCycleRuleResourceAndNode() {
    let finding = RuleFinding(rule: fileRule, evaluation: .passed(evidence: [:]))
    let a = encoder.encode(resource: apiServerManifest(), findings: [finding], timestamp: Date())[0].id
    let b = encoder.encode(resource: apiServerManifest(), findings: [finding], timestamp: Date() + 5)[0].id
    #expect(a == b)
    var nextCycle = context
    nextCycle.sequence += 14_400
    let c = FindingEncoder(context: nextCycle, rules: [fileRule])
      .encode(resource: apiServerManifest(), findings: [finding], timestamp: Date())[0].id
    #expect(a != c)
    var otherNode = context
    otherNode.nodeID = "another-node"
    let d = FindingEncoder(context: otherNode, rules: [fileRule])
      .encode(resource: apiServerManifest(), findings: [finding], timestamp: Date())[0].id
    #expect(a != d)
  }

  @Test func aManagedDocumentCarriesTheAgentAndPackagePolicyAStandaloneOneDoesNot() throws {
    var managed = context
    managed.fleet = FleetContext(
      agentID: "agent-1", agentVersion: "9.1.2", snapshot: true, packagePolicyID: "pp-1", packagePolicyRevision: 4)
    let finding = [RuleFinding(rule: fileRule, evaluation: .passed(evidence: ["a": 1]))]
    let standaloneDocument = try decode(
      FindingEncoder(context: context, rules: [fileRule]).encode(
        resource: apiServerManifest(), findings: finding, timestamp: Date())[0])
    let managedDocument = try decode(
      FindingEncoder(context: managed, rules: [fileRule]).encode(
        resource: apiServerManifest(), findings: finding, timestamp: Date())[0])
    #expect(standaloneDocument["elastic_agent"] == nil)
    #expect(standaloneDocument["cloud_security_posture"] == nil)
    #expect(standaloneDocument[path: "agent", "id"] == .string(context.agent.id))
    #expect(managedDocument[path: "agent", "id"] == "agent-1")
    #expect(managedDocument[path: "elastic_agent"] == ["id": "agent-1", "version": "9.1.2", "snapshot": true])
    #expect(managedDocument[path: "cloud_security_posture", "package_policy"] == ["id": "pp-1", "revision": 4])
    // The document id does not depend on who ships it: the same finding is the same document.
    #expect(standaloneDocument[path: "event", "id"] == managedDocument[path: "event", "id"])
  }

  @Test func everyEmittedFieldIsDeclaredWithItsType() throws {
    let catalog = try findingsFieldCatalog()
    let object: JSONValue = [
      "apiVersion": "v1", "kind": "Pod", "metadata": ["name": "p", "namespace": "ns", "uid": "u"],
    ]
    let process = ProcessResource(
      pid: 1, name: "kubelet", executable: "kubelet", arguments: ["kubelet"], startTime: Date(), uptime: 5)
    var file = apiServerManifest()
    if case .file(var f) = file.payload {
      f.accessed = Date()
      f.changed = Date()
      file = .file(f)
    }
    var contextWithOS = context
    contextWithOS.host = HostInfo(name: "n", architecture: "x86_64", osName: "Linux", osKernel: "6.1", id: "m")
    let encoder = FindingEncoder(context: contextWithOS, rules: [fileRule])
    let repository = Resource.cloud(ecrRepository("web"))
    var cloudContext = contextWithOS
    cloudContext.cloud = CloudContext(
      provider: "aws", accountID: "123456789012", accountName: "prod", region: "eu-west-1")
    cloudContext.fleet = FleetContext(
      agentID: "agent-1", agentVersion: "9.1.2", packagePolicyID: "pp-1", packagePolicyRevision: 4)
    let cloudEncoder = FindingEncoder(context: cloudContext, rules: [fileRule])
    for (resource, encoder) in [
      (file, encoder), (.process(process), encoder), (.kubernetes(KubernetesObject(object: object)), encoder),
      (repository, cloudEncoder),
    ] {
      let docs = encoder.encode(
        resource: resource,
        findings: [RuleFinding(rule: fileRule, evaluation: .failed(evidence: ["a": 1], expected: ["b": 2]))],
        timestamp: Date())
      let problems = catalog.problems(in: try decode(docs[0]))
      #expect(problems.isEmpty, "\(resource.type.rawValue): \(problems)")
    }
  }
}

let ecrKind = CloudResourceKind(
  provider: "aws", service: "ECR", type: .containerRegistry, subType: "aws-ecr", title: "ECR repository")

func ecrRepository(_ name: String) -> CloudResource {
  let arn = "arn:aws:ecr:eu-west-1:123456789012:repository/\(name)"
  return CloudResource(
    kind: ecrKind, id: arn, name: name, region: "eu-west-1", accountID: "123456789012",
    raw: [
      "RepositoryArn": .string(arn), "RepositoryName": .string(name),
      "ImageScanningConfiguration": ["ScanOnPush": false],
    ])
}

@Suite struct CloudFindingTests {
  let encoder: FindingEncoder = {
    var cloudContext = context
    cloudContext.cloud = CloudContext(provider: "aws", accountID: "123456789012")
    return FindingEncoder(context: cloudContext, rules: [fileRule])
  }()

  func encode(_ resource: CloudResource) throws -> (FindingDocument, JSONValue) {
    let docs = encoder.encode(
      resource: .cloud(resource), findings: [RuleFinding(rule: fileRule, evaluation: .failed(evidence: ["a": 1]))],
      timestamp: Date())
    return (docs[0], try decode(docs[0]))
  }

  /// Elastic derives the `resource.id` of every cloud resource from the cluster id alone, so two
  /// repositories share it; their findings must still be two documents (a 409 must never swallow one).
  @Test func twoCloudResourcesSharingAResourceIDStayTwoDocuments() throws {
    let (webDocument, web) = try encode(ecrRepository("web"))
    let (apiDocument, api) = try encode(ecrRepository("api"))
    #expect(web[path: "resource", "id"] == api[path: "resource", "id"])
    #expect(webDocument.id != apiDocument.id)
    #expect(web[path: "event", "id"] != api[path: "event", "id"])
    // The same resource in the same cycle keeps its id (a retried create answers 409).
    #expect(try encode(ecrRepository("web")).0.id == webDocument.id)
  }

  @Test func cloudFieldsComeFromTheAccountAndTheResource() throws {
    let (_, doc) = try encode(ecrRepository("web"))
    #expect(doc[path: "resource", "type"] == "container-registry")
    #expect(doc[path: "resource", "sub_type"] == "aws-ecr")
    #expect(doc[path: "resource", "name"] == "web")
    #expect(doc[path: "resource", "raw", "RepositoryName"] == "web")
    #expect(doc[path: "cloud", "provider"] == "aws")
    #expect(doc[path: "cloud", "account", "id"] == "123456789012")
    #expect(doc[path: "cloud", "region"] == "eu-west-1")
    #expect(doc[path: "cloud", "service", "name"] == "ECR")
    #expect(doc[path: "orchestrator", "cluster", "id"] == .string(context.clusterID))
  }

  @Test func kubernetesDocumentsCarryNoCloudBlock() throws {
    let docs = FindingEncoder(context: context, rules: [fileRule]).encode(
      resource: apiServerManifest(), findings: [RuleFinding(rule: fileRule, evaluation: .passed(evidence: [:]))],
      timestamp: Date())
    #expect(try decode(docs[0])["cloud"] == nil)
  }
}

func repositoryRoot() -> URL {
  URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
}

/// The findings' fields, from their one source in the package.
func findingsFieldCatalog() throws -> FieldCatalog {
  try FieldCatalog.load(folder: repositoryRoot().appendingPathComponent("package/data_stream/findings/fields"))
}

@Suite struct HugeStringTests {
  /// A huge annotation or name is cut in every document (with a marker), not copied into each.
  @Test func aHugeAnnotationIsCutInEveryFinding() throws {
    let huge = String(repeating: "é", count: 2 << 20)  // 4 MiB of two-byte characters
    let object: JSONValue = [
      "apiVersion": "v1", "kind": "Pod",
      "metadata": ["name": .string("p" + huge), "namespace": "ns", "uid": "u", "annotations": ["big": .string(huge)]],
    ]
    let rules = (0..<5).map { i in
      RuleMetadata(
        id: "r\(i)", name: "rule \(i)", ruleNumber: "5.2.\(i)", section: "s", profileApplicability: "p",
        benchmark: benchmark)
    }
    let docs = FindingEncoder(context: context, rules: rules).encode(
      resource: .kubernetes(KubernetesObject(object: object)),
      findings: rules.map { RuleFinding(rule: $0, evaluation: .failed(evidence: ["name": .string(huge)])) },
      timestamp: Date())
    #expect(docs.count == 5)
    for document in docs {
      #expect(document.body.count < 200 * 1024, "\(document.body.count) bytes")
      let parsed = try decode(document)
      let annotation = try #require(parsed[path: "resource", "raw", "metadata", "annotations", "big"]?.stringValue)
      #expect(annotation.hasSuffix("bytes]"))
      #expect(annotation.contains("…[cut "))
      #expect(annotation.utf8.count <= FindingEncoder.maxStringBytes + 32)
      #expect(parsed[path: "resource", "name"]?.stringValue?.contains("…[cut ") == true)
      #expect(parsed[path: "result", "evidence", "name"]?.stringValue?.contains("…[cut ") == true)
    }
  }

  @Test func cuttingKeepsWholeCharacters() {
    #expect(JSONWriter.truncated("aé", limit: 2) == "a…[cut 2 bytes]")
    #expect(JSONWriter.truncated("short", limit: 10) == "short")
  }
}
