import AWS
import KSPMCore
import TestSupport
import Testing

/// The service clients against moto (`moto_server`, PyPI `moto[server]`): moto answers every
/// region on one port and keeps each region apart by the region of the request's signature.
@Suite struct MotoServiceTests {
  /// A moto server, and a client (test credentials, `us-east-1`) whose calls go to it. Without
  /// `moto_server` the test fails, saying to install `moto[server]`.
  static func withMoto<Result: Sendable>(_ body: (AWSClient) async throws -> Result) async throws -> Result {
    try await MotoServer.withServer { server in
      // moto on a loaded machine can take longer than a real service: a create that timed out
      // and was retried would find its own resource ("already exists").
      try await withTransport(endpoint: server.url, requestTimeout: .seconds(120)) { transport in
        let client = AWSClient(
          transport: transport, region: "us-east-1", credentials: StaticCredentialProvider(testCredentials()))
        return try await body(client)
      }
    }
  }

  @Test func eksClusterIsDescribedInTheGoSDKShape() async throws {
    try await Self.withMoto { client in
      let eks = client.with(region: "eu-central-1")
      let request: JSONValue = [
        "name": "prod", "version": "1.30", "roleArn": "arn:aws:iam::123456789012:role/eks-cluster",
        "resourcesVpcConfig": [
          "subnetIds": ["subnet-1", "subnet-2"], "securityGroupIds": ["sg-1"], "endpointPublicAccess": true,
          "endpointPrivateAccess": false, "publicAccessCidrs": ["0.0.0.0/0"],
        ],
        "logging": [
          "clusterLogging": [
            ["types": ["api", "audit"], "enabled": true],
            ["types": ["authenticator", "controllerManager", "scheduler"], "enabled": false],
          ]
        ],
        "encryptionConfig": [["resources": ["secrets"], "provider": ["keyArn": "arn:aws:kms:eu-central-1:1:key/k"]]],
        "tags": ["team": "platform"],
      ]
      _ = try await eks.restJSON(.eks, operation: "CreateCluster", method: "POST", path: "/clusters", body: request)
      let described = try await EKSClient(client: eks).describeCluster(name: "prod")
      let cluster = try #require(described["Cluster"])
      #expect(cluster["Name"] == "prod")
      #expect(cluster["Arn"]?.stringValue?.hasPrefix("arn:aws:eks:eu-central-1:") == true)
      #expect(cluster["Version"] == "1.30")
      #expect(cluster["RoleArn"] == "arn:aws:iam::123456789012:role/eks-cluster")
      #expect(cluster["CreatedAt"]?.stringValue.flatMap(Timestamp.parse) != nil)
      #expect(
        cluster[path: "Logging", "ClusterLogging"]
          == [
            ["Types": ["api", "audit"], "Enabled": true],
            ["Types": ["authenticator", "controllerManager", "scheduler"], "Enabled": false],
          ])
      #expect(
        cluster["EncryptionConfig"]
          == [["Resources": ["secrets"], "Provider": ["KeyArn": "arn:aws:kms:eu-central-1:1:key/k"]]])
      let vpc = try #require(cluster["ResourcesVpcConfig"])
      #expect(vpc["EndpointPublicAccess"] == true)
      #expect(vpc["EndpointPrivateAccess"] == false)
      #expect(vpc["PublicAccessCidrs"] == ["0.0.0.0/0"])
      #expect(vpc["SubnetIds"] == ["subnet-1", "subnet-2"])
      #expect(cluster["Tags"] == ["team": "platform"])

      // Another region has no such cluster.
      let error = await #expect(throws: AWSError.self) {
        try await EKSClient(client: client.with(region: "us-west-2")).describeCluster(name: "prod")
      }
      #expect(error?.code == "ResourceNotFoundException")
    }
  }

  @Test func ecrRepositoriesOfTwoRegionsThroughOneClient() async throws {
    try await Self.withMoto { client in
      let regions = [("us-east-1", "team/app", true), ("eu-west-1", "web", false)]
      for (region, name, scanOnPush) in regions {
        _ = try await client.with(region: region).json(
          .ecr, operation: "CreateRepository",
          body: ["repositoryName": .string(name), "imageScanningConfiguration": ["scanOnPush": .bool(scanOnPush)]])
      }
      let east = try await ECRClient(client: client.with(region: "us-east-1"))
        .describeRepositories(names: ["team/app", "web", "team/app"])
      #expect(strings(east.items, "RepositoryName") == ["team/app"])
      #expect(east.notFound == ["web"])
      let app = try #require(east.items.first)
      #expect(app[path: "ImageScanningConfiguration", "ScanOnPush"] == true)
      #expect(app["RepositoryArn"]?.stringValue?.hasPrefix("arn:aws:ecr:us-east-1:") == true)
      #expect(app["RepositoryUri"]?.stringValue?.hasSuffix(".dkr.ecr.us-east-1.amazonaws.com/team/app") == true)
      #expect(app["RegistryId"]?.stringValue?.isEmpty == false)
      #expect(app["ImageTagMutability"] == "MUTABLE")
      #expect(app["CreatedAt"]?.stringValue.flatMap(Timestamp.parse) != nil)

      let west = try await ECRClient(client: client.with(region: "eu-west-1")).describeRepositories(names: ["web"])
      #expect(strings(west.items, "RepositoryName") == ["web"])
      #expect(west.items.first?[path: "ImageScanningConfiguration", "ScanOnPush"] == false)
      #expect(west.items.first?["RepositoryArn"]?.stringValue?.hasPrefix("arn:aws:ecr:eu-west-1:") == true)
      #expect(west.notFound.isEmpty && west.failures.isEmpty)
    }
  }

  @Test func classicLoadBalancersWithAnUnknownNameMixedIn() async throws {
    try await Self.withMoto { client in
      let elb = client.with(region: "us-west-2")
      let certificate = "arn:aws:iam::123456789012:server-certificate/web"
      let listeners: [(String, [(String, String)])] = [
        ("secure", [("HTTPS", "443"), ("HTTPS", "8443"), ("SSLCertificateId", certificate)]),
        ("plain", [("HTTP", "80"), ("HTTP", "8080")]),
      ]
      for (name, fields) in listeners {
        var parameters = [
          (name: "LoadBalancerName", value: name), (name: "AvailabilityZones.member.1", value: "us-west-2a"),
          (name: "Listeners.member.1.Protocol", value: fields[0].0),
          (name: "Listeners.member.1.LoadBalancerPort", value: fields[0].1),
          (name: "Listeners.member.1.InstanceProtocol", value: fields[1].0),
          (name: "Listeners.member.1.InstancePort", value: fields[1].1),
        ]
        if fields.count > 2 { parameters.append((name: "Listeners.member.1.SSLCertificateId", value: fields[2].1)) }
        _ = try await elb.query(.elb, action: "CreateLoadBalancer", parameters: parameters)
      }
      let result = try await ELBClient(client: elb).describeLoadBalancers(names: [
        "secure", "deleted", "plain", "secure",
      ])
      #expect(result.notFound == ["deleted"])
      #expect(result.failures.isEmpty)
      let byName = Dictionary(
        uniqueKeysWithValues: result.items.map { ($0["LoadBalancerName"]?.stringValue ?? "", $0) })
      #expect(byName.keys.sorted() == ["plain", "secure"])
      let secure = try #require(byName["secure"])
      #expect(
        secure["ListenerDescriptions"]?.arrayValue?.first?["Listener"]
          == [
            "Protocol": "HTTPS", "LoadBalancerPort": 443, "InstanceProtocol": "HTTPS", "InstancePort": 8443,
            "SSLCertificateId": .string(certificate),
          ])
      // moto names every load balancer's host in us-east-1, whatever its region.
      let dnsName = secure["DNSName"]?.stringValue ?? ""
      #expect(dnsName.hasPrefix("secure") && dnsName.hasSuffix(".elb.amazonaws.com"))
      #expect(secure["AvailabilityZones"] == ["us-west-2a"])
      let plain = try #require(byName["plain"])
      #expect(
        plain["ListenerDescriptions"]?.arrayValue?.first?["Listener"]
          == [
            "Protocol": "HTTP", "LoadBalancerPort": 80, "InstanceProtocol": "HTTP", "InstancePort": 8080,
            "SSLCertificateId": nil,
          ])
      #expect(plain["ListenerDescriptions"]?.arrayValue?.first?["PolicyNames"]?.arrayValue != nil)
      #expect(plain["CreatedTime"]?.stringValue.flatMap(Timestamp.parse) != nil)

      // The names are in us-west-2 only: in another region every one is unknown.
      let east = try await ELBClient(client: client).describeLoadBalancers(names: ["secure", "plain"])
      #expect(east.items.isEmpty)
      #expect(east.notFound == ["secure", "plain"])
    }
  }
}
