import AWS
import Foundation
import KSPMCore
import TestSupport

/// A small EKS estate in moto and the manifests of a cluster that uses it.
///
/// - EKS cluster `prod` in us-east-1: control-plane logging off, no secrets encryption, a public
///   endpoint open to 0.0.0.0/0.
/// - ECR `team/web` in us-east-1 (scan on push) and `api` in eu-west-1 (no scan); the Pods also
///   name `gone` (never created) and images outside this account's registry.
/// - Classic load balancers `secure` (HTTPS with a certificate) and `plain` (HTTP), in us-east-1.
struct EKSWorld {
  static let clusterName = "prod"
  var accountID: String

  /// The environment of a scan: no instance metadata (this is not an EC2 instance).
  static func environment(home: URL) -> [String: String] {
    ["PATH": "/usr/bin:/bin", "HOME": home.path, "NODE_NAME": "eks-node-1", "AWS_EC2_METADATA_DISABLED": "true"]
  }

  /// A transport to `moto` for setting things up. Creates are not idempotent: one slow answer
  /// from a loaded moto must not be retried into "already exists".
  static func setupTransport(_ moto: MotoServer) throws -> AWSTransport {
    var options = AWSTransport.Options()
    options.endpoints.override = moto.url
    options.requestTimeout = .seconds(120)
    options.retry = AWSRetryPolicy(maxAttempts: 1)
    return try AWSTransport(options: options)
  }

  static func create(on moto: MotoServer) async throws -> EKSWorld {
    let transport = try setupTransport(moto)
    defer { Task { try? await transport.shutdown() } }
    let client = AWSClient(
      transport: transport, region: "us-east-1",
      credentials: StaticCredentialProvider(
        AWSCredentials(
          accessKeyID: "AKIAEXAMPLESETUP0001", secretAccessKey: ConfigSecret("setup-only"), source: "test setup")))
    _ = try await client.restJSON(
      .eks, operation: "CreateCluster", method: "POST", path: "/clusters",
      body: [
        "name": .string(clusterName), "version": "1.30",
        "roleArn": "arn:aws:iam::123456789012:role/eks-cluster",
        "resourcesVpcConfig": [
          "subnetIds": ["subnet-0a1b2c3d"], "endpointPublicAccess": true, "endpointPrivateAccess": false,
          "publicAccessCidrs": ["0.0.0.0/0"],
        ],
        "logging": [
          "clusterLogging": [
            ["types": ["api", "audit", "authenticator", "controllerManager", "scheduler"], "enabled": false]
          ]
        ],
      ])
    _ = try await client.json(
      .ecr, operation: "CreateRepository",
      body: ["repositoryName": "team/web", "imageScanningConfiguration": ["scanOnPush": true]])
    _ = try await client.with(region: "eu-west-1").json(
      .ecr, operation: "CreateRepository",
      body: ["repositoryName": "api", "imageScanningConfiguration": ["scanOnPush": false]])
    try await createLoadBalancer(
      "secure", client: client, listener: ("HTTPS", "443", "HTTPS", "8443"),
      certificate: "arn:aws:iam::123456789012:server-certificate/shop")
    try await createLoadBalancer("plain", client: client, listener: ("HTTP", "80", "HTTP", "8080"))
    let identity = try await STSClient(client: client).getCallerIdentity()
    return EKSWorld(accountID: identity.account)
  }

  /// A classic load balancer in us-east-1a with one listener (protocol, port, instance protocol,
  /// instance port) and its certificate.
  static func createLoadBalancer(
    _ name: String, client: AWSClient, listener: (String, String, String, String), certificate: String? = nil
  ) async throws {
    var parameters = [
      ("LoadBalancerName", name), ("AvailabilityZones.member.1", "us-east-1a"),
      ("Listeners.member.1.Protocol", listener.0), ("Listeners.member.1.LoadBalancerPort", listener.1),
      ("Listeners.member.1.InstanceProtocol", listener.2), ("Listeners.member.1.InstancePort", listener.3),
    ]
    if let certificate { parameters.append(("Listeners.member.1.SSLCertificateId", certificate)) }
    _ = try await client.query(.elb, action: "CreateLoadBalancer", parameters: parameters)
  }

  /// What one scan printed and wrote.
  struct ScanRun {
    var result: ChildProcess.Result
    var documents: [JSONValue]
    /// The NDJSON file's text.
    var written: String
  }

  /// Runs the `kspmbeat` binary on this estate's manifests (written into `folder`) with
  /// `settings` (see ``scanArguments(manifests:output:endpoint:settings:verbose:)``) and the
  /// extra `environment`.
  static func scan(
    binary: String, moto: MotoServer, folder: URL, settings: [String: String], environment: [String: String] = [:],
    verbose: Bool = false
  ) async throws -> ScanRun {
    let manifests = try writeManifests(in: folder)
    let output = folder.appendingPathComponent("findings-\(UUID().uuidString).ndjson")
    let result = try await ChildProcess.run(
      binary,
      arguments: scanArguments(
        manifests: manifests, output: output, endpoint: moto.url, settings: settings, verbose: verbose),
      environment: self.environment(home: folder).merging(environment) { $1 })
    let written = (try? String(contentsOf: output, encoding: .utf8)) ?? ""
    return ScanRun(result: result, documents: try documents(output), written: written)
  }

  /// `kspmbeat scan --benchmark cis_eks` of `manifests` into `output`, against `endpoint` in
  /// us-east-1 for the cluster `prod`, with `settings` as `-E` keys under `kspmbeat.config.v1.aws.`.
  static func scanArguments(
    manifests: URL, output: URL, endpoint: String, settings: [String: String], verbose: Bool = false
  ) -> [String] {
    var arguments = [
      "scan", "--benchmark", "cis_eks", "--manifests", manifests.path, "--format", "ndjson", "--output", output.path,
      "-E", "kspmbeat.config.v1.aws.endpoint=\(endpoint)", "-E", "kspmbeat.config.v1.aws.region=us-east-1",
      "-E", "kspmbeat.config.v1.aws.cluster_name=\(clusterName)",
    ]
    if verbose { arguments.append("-v") }
    for (key, value) in settings.sorted(by: { $0.key < $1.key }) {
      arguments += ["-E", "kspmbeat.config.v1.aws.\(key)=\(value)"]
    }
    return arguments
  }

  /// Pods running images of both regions (and of elsewhere), and LoadBalancer Services.
  static func writeManifests(in folder: URL) throws -> URL {
    let registry = "123456789012.dkr.ecr"
    let file = folder.appendingPathComponent("cluster.yaml")
    try """
    apiVersion: v1
    kind: Pod
    metadata: {name: web, namespace: shop, uid: 5f0e1a2b-0000-4000-8000-000000000001}
    spec:
      containers:
      - {name: web, image: "\(registry).us-east-1.amazonaws.com/team/web:1.4"}
      - {name: sidecar, image: "docker.io/library/nginx:1.27"}
    ---
    apiVersion: v1
    kind: Pod
    metadata: {name: api, namespace: shop, uid: 5f0e1a2b-0000-4000-8000-000000000002}
    spec:
      containers:
      - {name: api, image: "\(registry).eu-west-1.amazonaws.com/api@sha256:\(String(repeating: "ab", count: 32))"}
      - {name: old, image: "\(registry).us-east-1.amazonaws.com/gone:0.1"}
      - {name: other, image: "999999999999.dkr.ecr.us-east-1.amazonaws.com/theirs:1"}
    ---
    apiVersion: v1
    kind: Service
    metadata: {name: secure, namespace: shop, uid: 5f0e1a2b-0000-4000-8000-000000000003}
    spec: {type: LoadBalancer, ports: [{port: 443}]}
    status: {loadBalancer: {ingress: [{hostname: secure-1234567890.us-east-1.elb.amazonaws.com}]}}
    ---
    apiVersion: v1
    kind: Service
    metadata: {name: plain, namespace: shop, uid: 5f0e1a2b-0000-4000-8000-000000000004}
    spec: {type: LoadBalancer, ports: [{port: 80}]}
    status: {loadBalancer: {ingress: [{hostname: internal-plain-987654321.us-east-1.elb.amazonaws.com}]}}
    """.write(to: file, atomically: true, encoding: .utf8)
    return file
  }

  /// The NDJSON documents of a scan.
  static func documents(_ file: URL) throws -> [JSONValue] {
    let text = try String(contentsOf: file, encoding: .utf8)
    return try text.split(separator: "\n").map { try JSONParser.parse(Array($0.utf8)) }
  }

  static func ruleNumber(_ document: JSONValue) -> String? {
    document[path: "rule", "benchmark", "rule_number"]?.stringValue
  }

  static func verdict(_ document: JSONValue) -> String? {
    document[path: "result", "evaluation"]?.stringValue
  }
}
