import Beat
import FleetPackage
import KSPMCore
import Kubernetes
import Testing

/// The stream templates, rendered with the policies a user makes in Kibana, give exactly the
/// configuration kspmbeat reads: its own loader takes them without an error or a warning.
@Suite struct StreamTemplateTests {
  static let k8s = "cloudbeat/cis_k8s"
  static let eks = "cloudbeat/cis_eks"

  @Test func aVanillaPolicyWithItsDefaults() throws {
    let stream = try PackageStream.named(Self.k8s)
    let loaded = try stream.load(["posture": "kspm", "deployment": "self_managed"])
    #expect(loaded.warnings.isEmpty)
    #expect(loaded.config.benchmark == "cis_k8s")
    #expect(loaded.config.period == .seconds(4 * 3600))
    #expect(loaded.config.leaderElection == LeaderElectionConfig())
    #expect(loaded.config.aws == AWSConfig())
    #expect(loaded.context.packagePolicyID == "7c3f0e52-2d1c-4f5e-9a0b-6c2d8e4f1a37")
    // With nothing but the defaults (Fleet's generic form leaves the package variables empty).
    #expect(try stream.load([:]).warnings.isEmpty)
  }

  /// Each credential style Kibana's EKS form offers, with the values a user types.
  @Test(arguments: [
    (
      "direct_access_keys",
      ["access_key_id": "AKIAEXAMPLEKEY", "secret_access_key": "wJalr'XUtn/K7MDENG+bPxRfi=Y"] as [String: JSONValue]
    ),
    (
      "temporary_keys",
      [
        "access_key_id": "ASIAEXAMPLEKEY", "secret_access_key": "temporary: secret #1",
        "session_token": "IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQ==",
      ]
    ),
    ("shared_credentials", ["shared_credential_file": "/etc/aws/credentials", "credential_profile_name": "kspm"]),
    (
      "assume_role",
      ["role_arn": "arn:aws:iam::123456789012:role/kspm-reader", "external_id": "kspm-external-7"]
    ),
  ])
  func anEKSPolicyWithEachCredentialStyle(type: String, credentials: [String: JSONValue]) throws {
    var policy = credentials
    policy["aws.credentials.type"] = .string(type)
    policy["posture"] = "kspm"
    policy["deployment"] = "eks"
    policy["region"] = "eu-west-1"
    policy["cluster_name"] = "prod-eks"
    let loaded = try PackageStream.named(Self.eks).load(policy)
    #expect(loaded.warnings.isEmpty)
    #expect(loaded.config.benchmark == "cis_eks")
    #expect(loaded.config.aws.region == "eu-west-1")
    #expect(loaded.config.aws.clusterName == "prod-eks")
    let read = loaded.config.aws.credentials
    #expect(read.type == type)
    #expect(read.accessKeyID == credentials["access_key_id"]?.stringValue)
    #expect(read.secretAccessKey?.value == credentials["secret_access_key"]?.stringValue)
    #expect(read.sessionToken?.value == credentials["session_token"]?.stringValue)
    #expect(read.sharedCredentialFile == credentials["shared_credential_file"]?.stringValue)
    #expect(read.credentialProfileName == credentials["credential_profile_name"]?.stringValue)
    #expect(read.roleARN == credentials["role_arn"]?.stringValue)
    #expect(read.externalID == credentials["external_id"]?.stringValue)
  }

  @Test func anEKSPolicyWithoutCredentialsUsesTheDefaultChain() throws {
    let loaded = try PackageStream.named(Self.eks).load([:])
    #expect(loaded.warnings.isEmpty)
    #expect(loaded.config.aws.credentials.isEmpty)
  }

  /// Every variable of the package reaches kspmbeat: set alone (with what it needs), it changes
  /// the configuration kspmbeat runs with, and the defaults do not. `posture` and `deployment`
  /// are Kibana's own bookkeeping: they reach `config.v1`, which kspmbeat accepts and ignores.
  @Test func everyVariableOfTheManifestIsReadByKspmbeat() throws {
    for stream in try PackageStream.all() {
      let unprobed = Set(stream.names).subtracting(VariableProbe.all.keys)
      #expect(unprobed.isEmpty, "\(stream.input): no probe shows kspmbeat reads \(unprobed.sorted())")
      let defaults = try stream.load([:])
      for name in stream.names {
        guard let probe = VariableProbe.all[name] else { continue }
        var policy = probe.with
        policy[name] = probe.value
        let loaded = try stream.load(policy)
        #expect(loaded.warnings.isEmpty, "\(stream.input) \(name): \(loaded.warnings)")
        if let informational = probe.informational {
          #expect(try stream.rendered(policy)[path: "config", "v1", informational] == probe.value, "\(name)")
        } else {
          #expect(probe.isRead(loaded), "\(stream.input): \(name) = \(probe.value) is not in the configuration")
          #expect(!probe.isRead(defaults), "\(stream.input): \(name)'s probe holds without it")
        }
      }
    }
  }

  @Test func theVariablesAreWhereKibanasFormsPutThem() throws {
    let k8s = try PackageStream.named(Self.k8s)
    let eks = try PackageStream.named(Self.eks)
    let credentials = [
      "access_key_id", "secret_access_key", "session_token", "shared_credential_file", "credential_profile_name",
      "role_arn", "aws.credentials.type",
    ]
    #expect(Set(credentials).isSubset(of: eks.names))
    #expect(Set(["external_id", "region", "endpoint", "cluster_name"]).isSubset(of: eks.names))
    let shipper = ["period", "lease_name", "lease_namespace", "lease_duration", "renew_deadline", "retry_period"]
    #expect(Set(shipper).isSubset(of: k8s.names) && Set(shipper).isSubset(of: eks.names))
    let secrets = eks.variables.filter { $0["secret"] == true }.compactMap { $0["name"]?.stringValue }
    #expect(Set(secrets) == ["secret_access_key", "session_token"])
  }

  @Test func invalidValuesFailWithTheStreamsKey() throws {
    let stream = try PackageStream.named(Self.k8s)
    for (policy, key) in [
      (["period": "soon"] as [String: JSONValue], "streams[0].period"),
      (["lease_duration": "1s"], "streams[0].leader_election.lease_duration"),
    ] {
      do {
        _ = try stream.load(policy)
        Issue.record("\(policy) should be refused")
      } catch let error as ConfigError {
        #expect(error.keyPath == key, "\(error)")
      }
    }
  }
}

/// A value for one variable and how to see it in the configuration kspmbeat loads.
struct VariableProbe: Sendable {
  let value: JSONValue
  /// Variables the value needs beside it (a secret key needs its access key).
  var with: [String: JSONValue] = [:]
  /// For Kibana's bookkeeping variables: the `config.v1` key the value lands in, unread.
  var informational: String?
  var isRead: @Sendable (AgentConfiguration) -> Bool = { _ in false }

  static let keyPair: [String: JSONValue] = ["access_key_id": "AKIAPROBE", "secret_access_key": "probe-secret"]

  static let all: [String: VariableProbe] = [
    "posture": VariableProbe(value: "kspm", informational: "posture"),
    "deployment": VariableProbe(value: "probe-deployment", informational: "deployment"),
    "period": VariableProbe(value: "17m") { $0.config.period == .seconds(17 * 60) },
    "lease_name": VariableProbe(value: "kspm-probe") { $0.config.leaderElection.leaseName == "kspm-probe" },
    "lease_namespace": VariableProbe(value: "probe-ns") { $0.config.leaderElection.namespace == "probe-ns" },
    "lease_duration": VariableProbe(value: "41s") { $0.config.leaderElection.leaseDuration == .seconds(41) },
    "renew_deadline": VariableProbe(value: "7s") { $0.config.leaderElection.renewDeadline == .seconds(7) },
    "retry_period": VariableProbe(value: "1s") { $0.config.leaderElection.retryPeriod == .seconds(1) },
    "aws.credentials.type": VariableProbe(value: "assume_role") { $0.config.aws.credentials.type == "assume_role" },
    "access_key_id": VariableProbe(value: "AKIAPROBE", with: ["secret_access_key": "s"]) {
      $0.config.aws.credentials.accessKeyID == "AKIAPROBE"
    },
    "secret_access_key": VariableProbe(value: "probe-secret", with: ["access_key_id": "A"]) {
      $0.config.aws.credentials.secretAccessKey?.value == "probe-secret"
    },
    "session_token": VariableProbe(value: "probe-token", with: keyPair) {
      $0.config.aws.credentials.sessionToken?.value == "probe-token"
    },
    "shared_credential_file": VariableProbe(value: "/probe/credentials") {
      $0.config.aws.credentials.sharedCredentialFile == "/probe/credentials"
    },
    "credential_profile_name": VariableProbe(value: "probe") {
      $0.config.aws.credentials.credentialProfileName == "probe"
    },
    "role_arn": VariableProbe(value: "arn:aws:iam::123456789012:role/probe") {
      $0.config.aws.credentials.roleARN == "arn:aws:iam::123456789012:role/probe"
    },
    "external_id": VariableProbe(value: "probe-external") { $0.config.aws.credentials.externalID == "probe-external" },
    "region": VariableProbe(value: "ap-south-2") { $0.config.aws.region == "ap-south-2" },
    "endpoint": VariableProbe(value: "https://vpce-probe.example.com") {
      $0.config.aws.endpoint == "https://vpce-probe.example.com"
    },
    "cluster_name": VariableProbe(value: "probe-cluster") { $0.config.aws.clusterName == "probe-cluster" },
  ]
}
