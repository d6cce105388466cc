import KSPMCore

/// Classic Elastic Load Balancing: load balancers by name, in the shape Elastic's ELB policy
/// reads.
public struct ELBClient: Sendable {
  public let client: AWSClient

  /// The most names `DescribeLoadBalancers` accepts in one call.
  public static let maxNamesPerCall = 20
  /// The codes that mean "no such load balancer": the model's `LoadBalancerNotFound` and
  /// `AccessPointNotFound`, which the service sends.
  public static let notFoundCodes: Set<String> = ["LoadBalancerNotFound", "AccessPointNotFound"]

  /// `client` brings the region of the load balancers and the credentials.
  public init(client: AWSClient) {
    self.client = client
  }

  /// `DescribeLoadBalancers` for `names` in the client's region: each name asked once, at most
  /// 20 a call, `NextMarker` followed; a call that fails for one name (any unknown name fails
  /// the whole call) is asked again name by name, so the others are still described.
  ///
  /// The items are the Go SDK's `LoadBalancerDescription` as it marshals (see
  /// ``ClassicELBDescription``): `LoadBalancerName`, `DNSName`, `Scheme`, `VPCId`,
  /// `CreatedTime`, `ListenerDescriptions[].Listener.{Protocol, LoadBalancerPort,
  /// InstanceProtocol, InstancePort, SSLCertificateId}`, `ListenerDescriptions[].PolicyNames`,
  /// `Instances[].InstanceId`, `AvailabilityZones`, `Subnets`, `SecurityGroups`, `HealthCheck`, ….
  ///
  /// - Throws: ``AWSError`` for failures that concern every name (credentials refused,
  ///   throttling after the retries, no connection).
  public func describeLoadBalancers(names: [String]) async throws -> AWSLookupResult {
    let lookup = BatchedNameLookup(batchSize: Self.maxNamesPerCall, notFoundCodes: Self.notFoundCodes)
    return try await lookup.run(names) { batch in try await describe(batch) }
  }

  /// One batch, all pages.
  private func describe(_ names: [String]) async throws -> [JSONValue] {
    try await Pagination.collect(.elb, operation: "DescribeLoadBalancers", tokenName: "NextMarker") { marker in
      var parameters = names.enumerated().map { (name: "LoadBalancerNames.member.\($0.offset + 1)", value: $0.element) }
      if let marker { parameters.append((name: "Marker", value: marker)) }
      let result = try await client.query(.elb, action: "DescribeLoadBalancers", parameters: parameters)
      let page = result.child("LoadBalancerDescriptions")?.children("member") ?? []
      return (page.map(ClassicELBDescription.json), result.string("NextMarker"))
    }
  }
}
