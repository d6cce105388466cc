import KSPMCore

/// Amazon ECR (private registries): repositories by name, in the shape Elastic's ECR policy
/// reads.
public struct ECRClient: Sendable {
  public let client: AWSClient

  /// The most repository names `DescribeRepositories` accepts in one call.
  public static let maxNamesPerCall = 100
  /// The codes that mean "no such repository".
  public static let notFoundCodes: Set<String> = ["RepositoryNotFoundException"]

  /// `client` brings the region of the registry and the credentials.
  public init(client: AWSClient) {
    self.client = client
  }

  /// `DescribeRepositories` for `names` in the client's region: each name asked once, at most
  /// 100 a call, `nextToken` followed; a call that fails for one name (a deleted repository
  /// fails the whole call) is asked again name by name, so the others are still described.
  ///
  /// The items are the Go SDK's `Repository` as it marshals: `RepositoryName`, `RepositoryArn`,
  /// `RepositoryUri`, `RegistryId`, `CreatedAt` (RFC 3339), `ImageTagMutability`,
  /// `ImageScanningConfiguration.ScanOnPush`, `EncryptionConfiguration.{EncryptionType,KmsKey}`.
  ///
  /// - Parameter registryID: another account's registry; `nil`: the caller's.
  /// - Throws: ``AWSError`` for failures that concern every name (credentials refused,
  ///   throttling after the retries, no connection).
  public func describeRepositories(names: [String], registryID: String? = nil) async throws -> AWSLookupResult {
    let lookup = BatchedNameLookup(batchSize: Self.maxNamesPerCall, notFoundCodes: Self.notFoundCodes)
    return try await lookup.run(names) { batch in try await describe(batch, registryID: registryID) }
  }

  /// One batch, all pages.
  private func describe(_ names: [String], registryID: String?) async throws -> [JSONValue] {
    try await Pagination.collect(.ecr, operation: "DescribeRepositories", tokenName: "nextToken") { token in
      var body = JSONObject()
      if let registryID { body["registryId"] = .string(registryID) }
      body["repositoryNames"] = .array(names.map { .string($0) })
      if let token { body["nextToken"] = .string(token) }
      let answer = try await client.json(.ecr, operation: "DescribeRepositories", body: .object(body))
      guard let page = answer["repositories"]?.arrayValue else {
        throw AWSError(
          kind: .invalidResponse, service: AWSService.ecr.signingName, operation: "DescribeRepositories",
          message: "the answer has no repositories list")
      }
      return (page.map { GoSDKShape.pascalCased($0) }, answer["nextToken"]?.stringValue)
    }
  }
}
