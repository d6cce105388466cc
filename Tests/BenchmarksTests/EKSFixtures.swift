import Foundation
import KSPMCore

/// The EKS fixtures of `Tests/Fixtures/eks/` as resources, and copies of them with fields changed.
enum EKSFixture {
  /// A fixture file parsed, or `null` when it cannot be read (the tests that use it then fail).
  static func json(_ name: String) -> JSONValue {
    let url = Reference.repositoryRoot.appendingPathComponent("Tests/Fixtures/eks/\(name).json")
    guard let text = try? String(contentsOf: url, encoding: .utf8), let value = try? JSONParser.parse(text) else {
      return .null
    }
    return value
  }

  static let clusterRaw = json("describe-cluster")
  static let repositoryRaw = json("ecr-repository")
  static let loadBalancerRaw = json("elb-load-balancer")
  static let kubeletConfig = json("kubelet-config")

  /// One change to a fixture: the value at `path` (`nil` removes the key).
  struct Change {
    let path: [String]
    let value: JSONValue?

    static func set(_ path: String..., to value: JSONValue?) -> Change { Change(path: path, value: value) }
  }

  static func applying(_ changes: [Change], to json: JSONValue, below prefix: [String] = []) -> JSONValue {
    changes.reduce(json) { $0.setting(prefix + $1.path, to: $1.value) }
  }

  /// The EKS cluster with `changes` made below `Cluster`.
  static func cluster(_ changes: [Change] = []) -> CloudResource {
    cloud(.eksCluster, applying(changes, to: clusterRaw, below: ["Cluster"]), name: "prod")
  }

  /// The ECR repository with `changes`.
  static func repository(_ changes: [Change] = []) -> CloudResource {
    cloud(.ecrRepository, applying(changes, to: repositoryRaw), name: "shop/web")
  }

  /// The classic load balancer with `changes`.
  static func loadBalancer(_ changes: [Change] = []) -> CloudResource {
    cloud(.classicLoadBalancer, applying(changes, to: loadBalancerRaw), name: "a1b2c3d4e5f60718293a4b5c6d7e8f90")
  }

  /// The load balancer with these listeners.
  static func loadBalancer(listeners: [JSONValue]) -> CloudResource {
    loadBalancer([.set("ListenerDescriptions", to: .array(listeners.map { ["Listener": $0, "PolicyNames": []] }))])
  }

  static func cloud(_ kind: CloudResourceKind, _ raw: JSONValue, name: String) -> CloudResource {
    CloudResource(
      kind: kind, id: "arn:aws:\(kind.service.lowercased()):eu-west-1:111122223333:\(name)", name: name,
      region: "eu-west-1", accountID: "111122223333", raw: raw)
  }

  /// A listener of a classic load balancer.
  static func listener(
    _ protocolName: String, port: Int64 = 443, backend: String = "HTTP", certificate: String? = nil
  ) -> JSONValue {
    [
      "Protocol": .string(protocolName), "LoadBalancerPort": .int(port), "InstanceProtocol": .string(backend),
      "InstancePort": 31380, "SSLCertificateId": certificate.map { .string($0) } ?? .null,
    ]
  }

  static let certificate = "arn:aws:acm:eu-west-1:111122223333:certificate/0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9"

  /// A Node with these `status.addresses` (`type`, `address`).
  static func node(_ addresses: [(String, String)]) -> KubernetesObject {
    Fixture.object([
      "apiVersion": "v1", "kind": "Node",
      "metadata": ["name": "ip-10-0-1-23.eu-west-1.compute.internal", "uid": "node-uid"],
      "status": ["addresses": .array(addresses.map { ["type": .string($0.0), "address": .string($0.1)] })],
    ])
  }
}

extension JSONValue {
  /// A copy with the value at `path` replaced (`nil` removes the key); objects are made on the way.
  func setting(_ path: [String], to value: JSONValue?) -> JSONValue {
    guard let first = path.first else { return value ?? .null }
    var object = objectValue ?? JSONObject()
    if path.count == 1 {
      object[first] = value
    } else {
      object[first] = (object[first] ?? .object(JSONObject())).setting(Array(path.dropFirst()), to: value)
    }
    return .object(object)
  }
}
