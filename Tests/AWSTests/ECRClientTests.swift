import AWS
import KSPMCore
import TestSupport
import Testing

@Suite struct ECRClientTests {
  /// A repository as ECR writes it on the wire.
  static func repository(_ name: String, scanOnPush: Bool = true) -> JSONValue {
    [
      "repositoryArn": .string("arn:aws:ecr:us-east-1:123456789012:repository/\(name)"),
      "registryId": "123456789012", "repositoryName": .string(name),
      "repositoryUri": .string("123456789012.dkr.ecr.us-east-1.amazonaws.com/\(name)"),
      "createdAt": 1_700_000_000.5, "imageTagMutability": "MUTABLE",
      "imageScanningConfiguration": ["scanOnPush": .bool(scanOnPush)],
      "encryptionConfiguration": ["encryptionType": "KMS", "kmsKey": "arn:aws:kms:us-east-1:123456789012:key/k"],
    ]
  }

  static func page(_ names: [String], nextToken: String? = nil) -> ScriptedHTTPServer.Response {
    var body = JSONObject()
    body["repositories"] = .array(names.map { repository($0) })
    if let nextToken { body["nextToken"] = .string(nextToken) }
    return jsonAnswer(.object(body))
  }

  @Test func asksEachNameOnceInBatchesOfAtMostOneHundredAndFollowsNextToken() async throws {
    let names = (0..<150).map { "repo-\($0)" }
    let asked = names + ["repo-3", "repo-149", "repo-0"]
    let responses = [
      Self.page(Array(names[0..<60]), nextToken: "token-1"), Self.page(Array(names[60..<100])),
      Self.page(Array(names[100..<150])),
    ]
    try await withScriptedAWS(responses) { server, client in
      let result = try await ECRClient(client: client).describeRepositories(names: asked)
      #expect(strings(result.items, "RepositoryName") == names)
      #expect(result.notFound.isEmpty && result.failures.isEmpty)
      let requests = server.requests
      try #require(requests.count == 3)
      let bodies = try requests.map(requestJSON)
      #expect(bodies[0]["repositoryNames"] == .array(names[0..<100].map { .string($0) }))
      #expect(bodies[0]["nextToken"] == nil)
      #expect(bodies[1]["repositoryNames"] == bodies[0]["repositoryNames"])
      #expect(bodies[1]["nextToken"] == "token-1")
      #expect(bodies[2]["repositoryNames"] == .array(names[100..<150].map { .string($0) }))
      // maxResults cannot be combined with repositoryNames.
      #expect(bodies.allSatisfy { $0["maxResults"] == nil })
      for request in requests {
        #expect(request.method == "POST" && request.path == "/")
        #expect(request.header("X-Amz-Target") == "AmazonEC2ContainerRegistry_V20150921.DescribeRepositories")
        #expect(request.header("Content-Type") == "application/x-amz-json-1.1")
        #expect(signingScope(request)?.service == "ecr")
      }
    }
  }

  @Test func aDeletedRepositoryDoesNotHideTheOthers() async throws {
    let responses = [
      jsonError("RepositoryNotFoundException"), Self.page(["a"]), jsonError("RepositoryNotFoundException"),
      jsonError("AccessDeniedException"), Self.page(["b"]),
    ]
    try await withScriptedAWS(responses) { server, client in
      let result = try await ECRClient(client: client).describeRepositories(names: ["a", "gone", "denied", "b"])
      #expect(strings(result.items, "RepositoryName") == ["a", "b"])
      #expect(result.notFound == ["gone"])
      #expect(result.failures.map(\.name) == ["denied"])
      #expect(result.failures.first?.error.code == "AccessDeniedException")
      let asked = try server.requests.map { try requestJSON($0)["repositoryNames"] }
      #expect(asked == [["a", "gone", "denied", "b"], ["a"], ["gone"], ["denied"], ["b"]])
    }
  }

  @Test func aSingleNameBatchIsNotAskedTwice() async throws {
    try await withScriptedAWS([jsonError("RepositoryNotFoundException")]) { server, client in
      let result = try await ECRClient(client: client).describeRepositories(names: ["gone", "gone"])
      #expect(result.items.isEmpty)
      #expect(result.notFound == ["gone"])
      #expect(server.requests.count == 1)
    }
  }

  @Test func throttlingIsRetried() async throws {
    let responses = [
      jsonError("ThrottlingException"), ScriptedHTTPServer.Response(status: 429), Self.page(["a"]),
    ]
    try await withScriptedAWS(responses) { server, client in
      let result = try await ECRClient(client: client).describeRepositories(names: ["a"])
      #expect(strings(result.items, "RepositoryName") == ["a"])
      #expect(server.requests.count == 3)
    }
  }

  @Test func refusedCredentialsFailTheCallInsteadOfEveryName() async throws {
    try await withScriptedAWS([jsonError("UnrecognizedClientException")]) { server, client in
      let error = await #expect(throws: AWSError.self) {
        try await ECRClient(client: client).describeRepositories(names: ["a", "b"])
      }
      #expect(error?.code == "UnrecognizedClientException")
      #expect(server.requests.count == 1)
    }
  }

  @Test func aRepeatedNextTokenIsAnError() async throws {
    let responses = [Self.page(["a"], nextToken: "same"), Self.page(["a"], nextToken: "same")]
    try await withScriptedAWS(responses) { _, client in
      let error = await #expect(throws: AWSError.self) {
        try await ECRClient(client: client).describeRepositories(names: ["a"])
      }
      #expect(error?.kind == .invalidResponse)
    }
  }

  @Test func repositoriesComeInTheGoSDKShapeSignedForTheClientsRegion() async throws {
    try await withScriptedAWS([Self.page(["team/app"])], region: "eu-west-1") { server, client in
      let result = try await ECRClient(client: client).describeRepositories(names: ["team/app"])
      let expected: JSONValue = [
        "RepositoryArn": "arn:aws:ecr:us-east-1:123456789012:repository/team/app", "RegistryId": "123456789012",
        "RepositoryName": "team/app", "RepositoryUri": "123456789012.dkr.ecr.us-east-1.amazonaws.com/team/app",
        "CreatedAt": "2023-11-14T22:13:20.5Z", "ImageTagMutability": "MUTABLE",
        "ImageScanningConfiguration": ["ScanOnPush": true],
        "EncryptionConfiguration": ["EncryptionType": "KMS", "KmsKey": "arn:aws:kms:us-east-1:123456789012:key/k"],
      ]
      #expect(result.items == [expected])
      let scope = try #require(server.requests.first.flatMap(signingScope))
      #expect(scope.region == "eu-west-1" && scope.service == "ecr")
    }
  }

  @Test func theRegistryIDIsSentWhenGiven() async throws {
    try await withScriptedAWS([Self.page(["a"])]) { server, client in
      _ = try await ECRClient(client: client).describeRepositories(names: ["a"], registryID: "210987654321")
      #expect(try server.requests.map { try requestJSON($0)["registryId"] } == ["210987654321"])
    }
  }

  /// Without names the API would describe every resource of the region: no call is made.
  @Test func noNamesMakeNoCall() async throws {
    try await withScriptedAWS([]) { server, client in
      let result = try await ECRClient(client: client).describeRepositories(names: ["", ""])
      #expect(result == AWSLookupResult())
      #expect(server.requests.isEmpty)
    }
  }
}
