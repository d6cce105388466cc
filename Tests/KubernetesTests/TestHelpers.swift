import Foundation
import KSPMCore
import Kubernetes
import TestSupport

/// A fresh directory under the system temporary directory.
func makeTemporaryDirectory() throws -> String {
  let path = NSTemporaryDirectory() + "kspm-kube-tests-" + UUID().uuidString
  try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
  return path
}

func write(_ text: String, to path: String) throws {
  try text.write(toFile: path, atomically: true, encoding: .utf8)
}

/// A pod as a real API server stores it, including managed fields.
func pod(_ name: String, namespace: String, labels: [String: String] = [:]) -> JSONValue {
  var labelObject = JSONObject()
  for (key, value) in labels.sorted(by: { $0.key < $1.key }) { labelObject[key] = .string(value) }
  return [
    "apiVersion": "v1", "kind": "Pod",
    "metadata": [
      "name": .string(name), "namespace": .string(namespace), "labels": .object(labelObject),
      "managedFields": [["manager": "kubectl", "operation": "Update", "fieldsV1": ["f:spec": [:]]]],
    ],
    "spec": ["containers": [["name": "app", "image": "nginx:1.27"]], "nodeName": "node-1"],
    "status": ["phase": "Running"],
  ]
}

func clusterRole(_ name: String) -> JSONValue {
  [
    "apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole", "metadata": ["name": .string(name)],
    "rules": [["apiGroups": [""], "resources": ["pods"], "verbs": ["get", "list"]]],
  ]
}

func node(_ name: String) -> JSONValue {
  [
    "apiVersion": "v1", "kind": "Node", "metadata": ["name": .string(name)],
    "status": ["nodeInfo": ["kubeletVersion": "v1.32.2"]],
  ]
}

/// A client configured from a kubeconfig the server writes (token auth, embedded CA).
func configuration(
  for server: KubernetesAPIServer, trust: KubernetesAPIServer.KubeconfigTrust = .embeddedCA,
  credentials: KubernetesAPIServer.KubeconfigCredentials = .currentToken
) throws -> KubernetesClientConfiguration {
  let directory = try makeTemporaryDirectory()
  let path = directory + "/config"
  try server.writeKubeconfig(to: path, trust: trust, credentials: credentials)
  return try Kubeconfig.load(path: path).configuration()
}

/// Runs `body` with a client for `server`, shutting the client down afterwards.
func withClient<Result: Sendable>(
  _ server: KubernetesAPIServer, adjust: (inout KubernetesClientConfiguration) -> Void = { _ in },
  _ body: (KubernetesClient) async throws -> Result
) async throws -> Result {
  var config = try configuration(for: server)
  adjust(&config)
  return try await KubernetesClient.withClient(configuration: config, body)
}

/// Diagnostics that remember what they were told.
final class RecordingDiagnostics: ScanDiagnostics, @unchecked Sendable {
  struct Warning {
    var subject: String
    var message: String
  }

  private let lock = NSLock()
  private var _warnings: [Warning] = []
  private var _infos: [String] = []

  var warnings: [Warning] { lock.withLock { _warnings } }
  var infos: [String] { lock.withLock { _infos } }

  func warning(collector: String, subject: String, message: String) {
    lock.withLock { _warnings.append(Warning(subject: subject, message: message)) }
  }

  func info(collector: String, message: String) {
    lock.withLock { _infos.append(message) }
  }
}

/// Collects emitted resources.
final class ResourceSink: @unchecked Sendable {
  private let lock = NSLock()
  private var _pages: [[Resource]] = []
  var pages: [[Resource]] { lock.withLock { _pages } }
  var resources: [Resource] { pages.flatMap { $0 } }
  func add(_ page: [Resource]) { lock.withLock { _pages.append(page) } }
}

extension Array where Element == RecordedRequest {
  /// Requests for `path`, in order.
  func to(_ path: String) -> [RecordedRequest] { filter { $0.path == path } }
}
