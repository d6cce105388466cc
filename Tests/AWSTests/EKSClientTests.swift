import AWS
import KSPMCore
import TestSupport
import Testing

@Suite struct EKSClientTests {
  /// A `DescribeCluster` answer as EKS writes it on the wire (camelCase, epoch seconds).
  static let wireCluster: JSONValue = [
    "cluster": [
      "name": "prod", "arn": "arn:aws:eks:us-west-2:123456789012:cluster/prod", "createdAt": 1_700_000_000,
      "version": "1.30", "endpoint": "https://ABC.gr7.us-west-2.eks.amazonaws.com",
      "roleArn": "arn:aws:iam::123456789012:role/eks", "status": "ACTIVE", "platformVersion": "eks.5",
      "resourcesVpcConfig": [
        "subnetIds": ["subnet-1"], "securityGroupIds": [], "clusterSecurityGroupId": "sg-1", "vpcId": "vpc-1",
        "endpointPublicAccess": true, "endpointPrivateAccess": false, "publicAccessCidrs": ["0.0.0.0/0"],
      ],
      "kubernetesNetworkConfig": ["serviceIpv4Cidr": "10.100.0.0/16", "ipFamily": "ipv4"],
      "logging": [
        "clusterLogging": [
          ["types": ["api", "audit"], "enabled": true],
          ["types": ["authenticator", "controllerManager", "scheduler"], "enabled": false],
        ]
      ],
      "identity": ["oidc": ["issuer": "https://oidc.eks.us-west-2.amazonaws.com/id/X"]],
      "certificateAuthority": ["data": "LS0t"],
      "encryptionConfig": [["resources": ["secrets"], "provider": ["keyArn": "arn:aws:kms:us-west-2:1:key/k"]]],
      "accessConfig": ["authenticationMode": "API_AND_CONFIG_MAP"],
      "tags": ["team": "platform", "kubernetes.io/cluster": "owned"],
    ]
  ]

  @Test func describeClusterAnswersInTheGoSDKShape() async throws {
    try await withScriptedAWS([jsonAnswer(Self.wireCluster, contentType: "application/json")], region: "us-west-2") {
      server, client in
      let cluster = try await EKSClient(client: client).describeCluster(name: "prod")
      let expected: JSONValue = [
        "Cluster": [
          "Name": "prod", "Arn": "arn:aws:eks:us-west-2:123456789012:cluster/prod",
          "CreatedAt": "2023-11-14T22:13:20Z", "Version": "1.30",
          "Endpoint": "https://ABC.gr7.us-west-2.eks.amazonaws.com", "RoleArn": "arn:aws:iam::123456789012:role/eks",
          "Status": "ACTIVE", "PlatformVersion": "eks.5",
          "ResourcesVpcConfig": [
            "SubnetIds": ["subnet-1"], "SecurityGroupIds": [], "ClusterSecurityGroupId": "sg-1", "VpcId": "vpc-1",
            "EndpointPublicAccess": true, "EndpointPrivateAccess": false, "PublicAccessCidrs": ["0.0.0.0/0"],
          ],
          "KubernetesNetworkConfig": ["ServiceIpv4Cidr": "10.100.0.0/16", "IpFamily": "ipv4"],
          "Logging": [
            "ClusterLogging": [
              ["Types": ["api", "audit"], "Enabled": true],
              ["Types": ["authenticator", "controllerManager", "scheduler"], "Enabled": false],
            ]
          ],
          "Identity": ["Oidc": ["Issuer": "https://oidc.eks.us-west-2.amazonaws.com/id/X"]],
          "CertificateAuthority": ["Data": "LS0t"],
          "EncryptionConfig": [["Resources": ["secrets"], "Provider": ["KeyArn": "arn:aws:kms:us-west-2:1:key/k"]]],
          "AccessConfig": ["AuthenticationMode": "API_AND_CONFIG_MAP"],
          // Tag keys are the user's: kept as they are.
          "Tags": ["team": "platform", "kubernetes.io/cluster": "owned"],
        ]
      ]
      #expect(cluster == expected)
      let request = try #require(server.requests.first)
      #expect(request.method == "GET" && request.uri == "/clusters/prod")
      let scope = try #require(signingScope(request))
      #expect(scope.region == "us-west-2" && scope.service == "eks")
    }
  }

  @Test func theNameIsPercentEncodedInThePath() async throws {
    try await withScriptedAWS([jsonAnswer(Self.wireCluster)]) { server, client in
      _ = try await EKSClient(client: client).describeCluster(name: "a/b c")
      #expect(server.requests.map(\.uri) == ["/clusters/a%2Fb%20c"])
    }
  }

  @Test func aClusterWithoutSecretsEncryptionHasANullEncryptionConfig() async throws {
    let answer: JSONValue = ["cluster": ["name": "dev", "logging": ["clusterLogging": []]]]
    try await withScriptedAWS([jsonAnswer(answer)]) { _, client in
      let cluster = try await EKSClient(client: client).describeCluster(name: "dev")
      #expect(cluster == ["Cluster": ["Name": "dev", "Logging": ["ClusterLogging": []], "EncryptionConfig": nil]])
    }
  }

  @Test func anUnknownClusterIsResourceNotFound() async throws {
    let notFound = ScriptedHTTPServer.Response(
      status: 404,
      headers: [("Content-Type", "application/json"), ("X-Amzn-ErrorType", "ResourceNotFoundException:http://x")],
      text: #"{"message":"No cluster found for name: gone."}"#)
    try await withScriptedAWS([notFound]) { server, client in
      let error = await #expect(throws: AWSError.self) {
        try await EKSClient(client: client).describeCluster(name: "gone")
      }
      #expect(error?.code == "ResourceNotFoundException")
      #expect(error?.status == 404)
      #expect(error?.description.contains("No cluster found for name: gone.") == true)
      #expect(server.requests.count == 1)
    }
  }

  @Test func throttlingIsRetried() async throws {
    let responses = [
      ScriptedHTTPServer.Response(status: 429, text: #"{"message":"slow down"}"#),
      jsonError("ThrottlingException"), jsonAnswer(Self.wireCluster),
    ]
    try await withScriptedAWS(responses) { server, client in
      let cluster = try await EKSClient(client: client).describeCluster(name: "prod")
      #expect(cluster[path: "Cluster", "Name"] == "prod")
      #expect(server.requests.count == 3)
    }
  }

  @Test func anAnswerWithoutAClusterIsAnError() async throws {
    try await withScriptedAWS([jsonAnswer(["clusters": []])]) { _, client in
      let error = await #expect(throws: AWSError.self) {
        try await EKSClient(client: client).describeCluster(name: "x")
      }
      #expect(error?.kind == .invalidResponse)
    }
  }
}
