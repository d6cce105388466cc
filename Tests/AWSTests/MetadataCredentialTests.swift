import AWS
import Foundation
import KSPMCore
import TestSupport
import Testing

/// IMDSv2 (token PUT, then GETs carrying it) and the container endpoint of EKS Pod Identity and
/// ECS, against their loopback doubles.
@Suite struct MetadataCredentialTests {
  private func provider(
    _ variables: [String: String], server: AWSMetadataServer, _ body: (any AWSCredentialProvider) async throws -> Void
  ) async throws {
    try await withTransport(endpoint: nil) { transport in
      var variables = variables
      variables["AWS_EC2_METADATA_SERVICE_ENDPOINT"] = variables["AWS_EC2_METADATA_SERVICE_ENDPOINT"] ?? server.url
      let client = AWSClient(transport: transport, region: "eu-west-3")
      let provider = try AWSCredentialProviders.make(
        AWSCredentialSettings(), environment: AWSEnvironment(variables: variables, homeDirectory: nil), client: client)
      try await body(provider)
    }
  }

  @Test func imdsGivesTheInstanceRoleCredentialsWithASessionToken() async throws {
    try await AWSMetadataServer.withServer { server in
      try await provider([:], server: server) { provider in
        let credentials = try await provider.credentials()
        #expect(credentials.accessKeyID == "ASIAMETADATAEXAMPLE1")
        #expect(credentials.secretAccessKey.value == "metadata/secret/EXAMPLEKEY")
        #expect(credentials.sessionToken?.value == "metadata-session-token")
        #expect(credentials.expiration == Timestamp.parse("2100-01-01T00:00:00Z"))
      }
      let requests = server.requests
      try #require(requests.count == 3)
      #expect(requests[0].method == "PUT" && requests[0].path == "/latest/api/token")
      #expect(requests[0].header("X-aws-ec2-metadata-token-ttl-seconds") == "21600")
      #expect(requests[1].path == "/latest/meta-data/iam/security-credentials/")
      #expect(requests[2].path == "/latest/meta-data/iam/security-credentials/kspm-node-role")
      #expect(requests.dropFirst().allSatisfy { $0.header("X-aws-ec2-metadata-token")?.hasPrefix("imds-") == true })
    }
  }

  @Test func anExpiredIMDSTokenIsFetchedAgain() async throws {
    try await AWSMetadataServer.withServer { server in
      try await withTransport(endpoint: nil) { transport in
        let imds = IMDSClient(transport: transport, endpoint: server.url)
        let region = try await imds.region()
        #expect(region == "eu-west-3")
        server.expireTokens()
        let document = try await imds.instanceIdentityDocument()
        #expect(document["instanceId"]?.stringValue == "i-0123456789abcdef0")
      }
      #expect(server.requests.filter { $0.method == "PUT" }.count == 2)
    }
  }

  @Test func anInstanceWithoutARoleIsNotASource() async throws {
    try await AWSMetadataServer.withServer(.init(role: nil)) { server in
      try await provider([:], server: server) { provider in
        let error = try await #require(throws: AWSCredentialsError.self) { try await provider.credentials() }
        #expect(error.reason == .noneFound)
        #expect("\(error)".contains("the instance has no IAM role"))
      }
    }
  }

  @Test func podIdentityReadsItsTokenFileOnEveryFetch() async throws {
    try await withTemporaryFolder { folder in
      let tokenFile = try write("pod-identity-token\n", to: "token", in: folder)
      try await AWSMetadataServer.withServer { server in
        let variables = [
          "AWS_CONTAINER_CREDENTIALS_FULL_URI": server.containerURL,
          "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE": tokenFile,
          "AWS_CONTAINER_AUTHORIZATION_TOKEN": "the-file-wins",
        ]
        try await withTransport(endpoint: nil) { transport in
          let container = ContainerCredentialProvider(
            environment: AWSEnvironment(variables: variables), transport: transport)
          #expect(try await container.credentials().accessKeyID == "ASIAMETADATAEXAMPLE1")
          try write("rotated-token", to: "token", in: folder)
          let error = try await #require(throws: AWSCredentialsError.self) { try await container.credentials() }
          #expect("\(error)".contains("HTTP 401"))
          #expect(!"\(error)".contains("rotated-token"))
        }
        #expect(server.requests.map { $0.header("Authorization") } == ["pod-identity-token", "rotated-token"])
      }
    }
  }

  @Test func theContainerTokenMayComeFromTheEnvironment() async throws {
    try await AWSMetadataServer.withServer { server in
      let variables = [
        "AWS_CONTAINER_CREDENTIALS_FULL_URI": server.containerURL,
        "AWS_CONTAINER_AUTHORIZATION_TOKEN": "pod-identity-token",
        "AWS_EC2_METADATA_DISABLED": "true",
      ]
      try await provider(variables, server: server) { provider in
        let credentials = try await provider.credentials()
        #expect(credentials.source.contains("container endpoint"))
      }
    }
  }

  @Test func plainHTTPContainerURLsMustBeLocal() async throws {
    try await withTransport(endpoint: nil) { transport in
      let container = ContainerCredentialProvider(
        environment: AWSEnvironment(variables: ["AWS_CONTAINER_CREDENTIALS_FULL_URI": "http://203.0.113.9/creds"]),
        transport: transport)
      let error = try await #require(throws: AWSCredentialsError.self) { try await container.credentials() }
      #expect(error.reason == .failed)
      #expect("\(error)".contains("must be https"))
    }
  }
}
