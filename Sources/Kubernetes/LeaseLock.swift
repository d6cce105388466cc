import Foundation
import KSPMCore

/// client-go's `LeaderElectionRecord`: the part of a Lease's `spec` that leader election reads
/// and writes.
public struct LeaderElectionRecord: Sendable, Hashable {
  /// Empty when nobody holds the Lease (after a release).
  public var holderIdentity: String
  public var leaseDurationSeconds: Int64
  public var acquireTime: Date?
  public var renewTime: Date?
  public var leaseTransitions: Int64

  public init(
    holderIdentity: String, leaseDurationSeconds: Int64, acquireTime: Date?, renewTime: Date?, leaseTransitions: Int64
  ) {
    self.holderIdentity = holderIdentity
    self.leaseDurationSeconds = leaseDurationSeconds
    self.acquireTime = acquireTime
    self.renewTime = renewTime
    self.leaseTransitions = leaseTransitions
  }

  /// Reads `spec` of a Lease; missing fields are empty, zero or `nil`, as in client-go.
  public init(leaseSpec spec: JSONValue?) {
    holderIdentity = spec?["holderIdentity"]?.stringValue ?? ""
    leaseDurationSeconds = spec?["leaseDurationSeconds"]?.intValue ?? 0
    acquireTime = spec?["acquireTime"]?.stringValue.flatMap(MicroTime.parse)
    renewTime = spec?["renewTime"]?.stringValue.flatMap(MicroTime.parse)
    leaseTransitions = spec?["leaseTransitions"]?.intValue ?? 0
  }

  /// The Lease `spec` (client-go's `LeaderElectionRecordToLeaseSpec`), times as MicroTime.
  public var leaseSpec: JSONValue {
    var spec = JSONObject()
    spec["holderIdentity"] = .string(holderIdentity)
    spec["leaseDurationSeconds"] = .int(leaseDurationSeconds)
    if let acquireTime { spec["acquireTime"] = .string(MicroTime.format(acquireTime)) }
    if let renewTime { spec["renewTime"] = .string(MicroTime.format(renewTime)) }
    spec["leaseTransitions"] = .int(leaseTransitions)
    return .object(spec)
  }

  /// What client-go compares to decide that the record changed (its "raw record", the JSON of
  /// `LeaderElectionRecord` whose times are `metav1.Time`, i.e. whole seconds). A holder renewing
  /// twice within one second therefore looks unchanged to observers.
  var fingerprint: Fingerprint {
    Fingerprint(
      holderIdentity: holderIdentity, leaseDurationSeconds: leaseDurationSeconds,
      acquireSecond: acquireTime.map { Int64($0.timeIntervalSince1970.rounded(.down)) },
      renewSecond: renewTime.map { Int64($0.timeIntervalSince1970.rounded(.down)) },
      leaseTransitions: leaseTransitions)
  }

  struct Fingerprint: Hashable {
    var holderIdentity: String
    var leaseDurationSeconds: Int64
    var acquireSecond: Int64?
    var renewSecond: Int64?
    var leaseTransitions: Int64
  }
}

/// Reads, creates and updates one Lease through the API server (client-go's `LeaseLock`). The
/// caller keeps the object last returned (``LeaderElector`` does) and passes it to
/// ``update(_:on:)``, so that an update carries that object's `resourceVersion`: a concurrent
/// writer makes it fail with 409 Conflict.
struct LeaseLock: Sendable {
  let client: KubernetesClient
  let namespace: String
  let name: String

  var collectionPath: String {
    "/apis/coordination.k8s.io/v1/namespaces/\(KubernetesClient.escape(namespace))/leases"
  }

  var objectPath: String { collectionPath + "/" + KubernetesClient.escape(name) }

  /// `namespace/name`, for messages.
  var describe: String { "\(namespace)/\(name)" }

  /// GETs the Lease: the object and its record. Throws `KubernetesClientError` (404 when it does
  /// not exist).
  func get() async throws -> (lease: JSONValue, record: LeaderElectionRecord) {
    let response = try await client.request(.get, path: objectPath)
    return (response.body, LeaderElectionRecord(leaseSpec: response.body["spec"]))
  }

  /// POSTs a new Lease with `record` and returns it as stored; 409 AlreadyExists when another
  /// candidate was first.
  func create(_ record: LeaderElectionRecord) async throws -> JSONValue {
    let body: JSONValue = [
      "apiVersion": "coordination.k8s.io/v1", "kind": "Lease",
      "metadata": ["name": .string(name), "namespace": .string(namespace)], "spec": record.leaseSpec,
    ]
    return try await client.request(.post, path: collectionPath, body: body).body
  }

  /// PUTs `lease` (as last read or written) with its `spec` replaced by `record`, so with that
  /// object's `resourceVersion`, and returns the Lease as stored; 409 Conflict when the Lease
  /// changed since.
  func update(_ record: LeaderElectionRecord, on lease: JSONValue) async throws -> JSONValue {
    guard var object = lease.objectValue else { throw LeaseLockError.notReadYet(describe) }
    object["spec"] = record.leaseSpec
    return try await client.request(.put, path: objectPath, body: .object(object)).body
  }
}

enum LeaseLockError: Error, CustomStringConvertible {
  case notReadYet(String)

  var description: String {
    switch self {
    case .notReadYet(let lease): return "the Lease \(lease) must be read or created before it is updated"
    }
  }
}
