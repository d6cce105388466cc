import Foundation
import KSPMCore

/// A synthetic cluster (as `kubectl get -o json` shows it) with `pods` pods and proportional RBAC
/// objects and service accounts: written as a dump for the manifest benchmark, seeded into the
/// Kubernetes API test server for the full-path one.
enum SyntheticCluster {
  /// One kind of object and how many of it a cluster of `pods` pods has.
  struct Kind: Sendable {
    var kind: String
    var apiVersion: String
    var file: String
    var count: @Sendable (Int) -> Int
    var item: @Sendable (Int) -> JSONValue
  }

  static let kinds: [Kind] = [
    Kind(kind: "Pod", apiVersion: "v1", file: "pods.json", count: { $0 }, item: pod),
    Kind(
      kind: "Role", apiVersion: "rbac.authorization.k8s.io/v1", file: "roles.json", count: { max(1, $0 / 10) },
      item: role),
    Kind(
      kind: "ClusterRole", apiVersion: "rbac.authorization.k8s.io/v1", file: "clusterroles.json",
      count: { max(1, $0 / 20) }, item: clusterRole),
    Kind(
      kind: "ServiceAccount", apiVersion: "v1", file: "serviceaccounts.json", count: { max(1, $0 / 10) },
      item: serviceAccount),
  ]

  /// Writes the dump: one JSON list file per kind.
  static func write(pods: Int, to folder: URL) throws {
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    for kind in kinds {
      try writeList(
        kind: kind.kind + "List", apiVersion: kind.apiVersion, count: kind.count(pods),
        to: folder.appendingPathComponent(kind.file), item: kind.item)
    }
  }

  /// Every object of a cluster of `pods` pods, with `apiVersion` and `kind`, one at a time.
  static func forEachObject(pods: Int, _ body: (JSONValue) throws -> Void) rethrows {
    for kind in kinds {
      for i in 0..<kind.count(pods) {
        guard var object = kind.item(i).objectValue else { continue }
        object["apiVersion"] = .string(kind.apiVersion)
        object["kind"] = .string(kind.kind)
        try body(.object(object))
      }
    }
  }

  static func writeList(kind: String, apiVersion: String, count: Int, to url: URL, item: (Int) -> JSONValue) throws {
    var w = JSONWriter(capacity: count * 3000)
    w.writeRaw("{\"apiVersion\":")
    w.writeString(apiVersion)
    w.writeRaw(",\"kind\":")
    w.writeString(kind)
    w.writeRaw(",\"metadata\":{\"resourceVersion\":\"12345\"},\"items\":[")
    for i in 0..<count {
      if i > 0 { w.writeRaw(",\n") }
      w.write(item(i))
    }
    w.writeRaw("]}\n")
    try Data(w.bytes).write(to: url)
  }

  static func uid(_ kind: String, _ i: Int) -> JSONValue {
    .string(NameBasedUUID.v5(namespace: NameBasedUUID.resourceNamespace, name: "\(kind)/\(i)"))
  }

  static func pod(_ i: Int) -> JSONValue {
    let namespace = JSONValue.string("team-\(i % 50)")
    let app = "app-\(i % 400)"
    var containerSecurity: JSONValue = ["allowPrivilegeEscalation": false, "capabilities": ["drop": ["ALL"]]]
    if i % 7 == 0 { containerSecurity = ["privileged": true] }
    if i % 11 == 0 { containerSecurity = ["capabilities": ["add": ["NET_ADMIN", "NET_RAW"]]] }
    let container: JSONValue = [
      "name": .string(app), "image": .string("registry.example.com/\(app):1.\(i % 9).0"),
      "ports": [["containerPort": 8080, "protocol": "TCP"]],
      "env": [
        ["name": "LOG_LEVEL", "value": "info"],
        ["name": "POD_NAME", "valueFrom": ["fieldRef": ["fieldPath": "metadata.name"]]],
      ],
      "resources": ["requests": ["cpu": "100m", "memory": "128Mi"], "limits": ["memory": "256Mi"]],
      "volumeMounts": [
        ["name": "kube-api-access", "mountPath": "/var/run/secrets/kubernetes.io/serviceaccount", "readOnly": true]
      ],
      "securityContext": containerSecurity,
    ]
    let sidecar: JSONValue = [
      "name": "log-shipper", "image": "registry.example.com/shipper:2.1.0",
      "resources": ["requests": ["cpu": "10m", "memory": "32Mi"]],
    ]
    return [
      "metadata": [
        "name": .string("\(app)-\(String(i, radix: 36))"), "namespace": namespace, "uid": uid("pod", i),
        "resourceVersion": .string(String(100_000 + i)), "creationTimestamp": "2026-11-30T08:00:00Z",
        "labels": ["app": .string(app), "pod-template-hash": "5d4c3b2a1"],
        "annotations": ["kubectl.kubernetes.io/restartedAt": "2026-11-30T08:00:00Z"],
        "ownerReferences": [
          [
            "apiVersion": "apps/v1", "kind": "ReplicaSet", "name": .string("\(app)-5d4c3b2a1"),
            "uid": uid("rs", i % 400), "controller": true,
          ]
        ],
      ],
      "spec": [
        "containers": [container, sidecar], "serviceAccountName": i % 3 == 0 ? "default" : .string(app),
        "nodeName": .string("node-\(i % 100)"), "hostNetwork": .bool(i % 97 == 0), "restartPolicy": "Always",
        "securityContext": i % 5 == 0 ? [:] : ["runAsNonRoot": true, "runAsUser": 10001],
        "volumes": [
          [
            "name": "kube-api-access",
            "projected": ["sources": [["serviceAccountToken": ["expirationSeconds": 3607, "path": "token"]]]],
          ]
        ],
        "tolerations": [
          [
            "key": "node.kubernetes.io/not-ready", "operator": "Exists", "effect": "NoExecute",
            "tolerationSeconds": 300,
          ]
        ],
      ],
      "status": [
        "phase": "Running", "podIP": .string("10.244.\(i % 250).\(i % 200)"), "qosClass": "Burstable",
        "conditions": [["type": "Ready", "status": "True", "lastTransitionTime": "2026-11-30T08:01:00Z"]],
        "containerStatuses": [
          [
            "name": .string(app), "ready": true, "restartCount": 0,
            "image": .string("registry.example.com/\(app):1.0.0"),
          ]
        ],
      ],
    ]
  }

  static func role(_ i: Int) -> JSONValue {
    [
      "metadata": ["name": .string("role-\(i)"), "namespace": .string("team-\(i % 50)"), "uid": uid("role", i)],
      "rules": [
        ["apiGroups": [""], "resources": ["configmaps", "secrets"], "verbs": i % 4 == 0 ? ["*"] : ["get", "list"]],
        ["apiGroups": ["apps"], "resources": ["deployments"], "verbs": ["get", "list", "watch", "update"]],
      ],
    ]
  }

  static func clusterRole(_ i: Int) -> JSONValue {
    [
      "metadata": ["name": .string("clusterrole-\(i)"), "uid": uid("clusterrole", i)],
      "rules": [
        ["apiGroups": i % 5 == 0 ? ["*"] : [""], "resources": ["pods", "nodes"], "verbs": ["get", "list", "watch"]]
      ],
    ]
  }

  static func serviceAccount(_ i: Int) -> JSONValue {
    var metadata: JSONValue = ["name": .string("sa-\(i)"), "namespace": .string("team-\(i % 50)"), "uid": uid("sa", i)]
    // The first in each namespace is its `default` service account.
    if i < 50 { metadata = ["name": "default", "namespace": .string("team-\(i)"), "uid": uid("sa", i)] }
    return i % 2 == 0 ? ["metadata": metadata, "automountServiceAccountToken": false] : ["metadata": metadata]
  }
}
