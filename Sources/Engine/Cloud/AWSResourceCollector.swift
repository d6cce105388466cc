import AWS
import KSPMCore

/// Collects the AWS resources the benchmark's rules target, as Elastic's EKS fetchers do and
/// more: the EKS cluster itself (`DescribeCluster`), the private ECR repositories of the images
/// the Pods run (looked up in each image's region), and the classic load balancers behind
/// Services of type LoadBalancer. Runs on the cluster leader only (it is a cluster-scope
/// collector; the assembly gates it).
///
/// A failure to reach AWS at all (no region, refused credentials) fails the collector with a
/// message that says what to fix; a failure of one service or region is a warning and the rest
/// go on. Resources go out in pages of at most ``pageSize``.
struct AWSResourceCollector: ResourceCollector {
  let name = "aws"
  let scope: CollectionScope = .cluster
  /// The kinds the benchmark targets, in its order.
  let kinds: [CloudResourceKind]
  /// The cycle's AWS access (resolved once per cycle).
  let access: @Sendable () async throws(AWSAccessError) -> AWSCycleAccess
  /// Reads what the cluster's objects refer to; `nil` when the cycle reads no cluster objects.
  let references: (@Sendable () async throws -> CloudReferences)?

  static let pageSize = 100

  func collect(diagnostics: any ScanDiagnostics, emit: @Sendable ([Resource]) async throws -> Void) async throws {
    let access = try await self.access()
    var cloudReferences: CloudReferences?
    if kinds.contains(.ecrRepository) || kinds.contains(.classicLoadBalancer) {
      cloudReferences = await readReferences(diagnostics: diagnostics)
    }
    for kind in kinds {
      try Task.checkCancellation()
      switch kind {
      case .eksCluster:
        try await collectCluster(access, diagnostics: diagnostics, emit: emit)
      case .ecrRepository:
        guard let cloudReferences else { continue }
        try await collectRepositories(access, images: cloudReferences.images, diagnostics: diagnostics, emit: emit)
      case .classicLoadBalancer:
        guard let cloudReferences else { continue }
        try await collectLoadBalancers(
          access, hostnames: cloudReferences.loadBalancerHostnames, diagnostics: diagnostics, emit: emit)
      default:
        diagnostics.warning(collector: name, subject: kind.title, message: "kspmbeat has no AWS collector for it")
      }
    }
  }

  private func readReferences(diagnostics: any ScanDiagnostics) async -> CloudReferences {
    guard let references else {
      diagnostics.info(
        collector: name, message: "no cluster objects are read: ECR repositories and load balancers are not looked up")
      return CloudReferences()
    }
    do {
      let found = try await references()
      if found.truncated {
        diagnostics.warning(
          collector: name, subject: "cluster objects",
          message:
            "more than \(CloudReferences.limit) distinct images or load balancer names; the rest were not looked up")
      }
      return found
    } catch is CancellationError {
      return CloudReferences()
    } catch {
      diagnostics.warning(
        collector: name, subject: "cluster objects",
        message: "the Pods and Services that name ECR images and load balancers could not be read: \(error)")
      return CloudReferences()
    }
  }

  // MARK: EKS

  private func collectCluster(
    _ access: AWSCycleAccess, diagnostics: any ScanDiagnostics, emit: @Sendable ([Resource]) async throws -> Void
  ) async throws {
    guard let clusterName = access.clusterName else {
      diagnostics.warning(
        collector: name, subject: "EKS cluster", message: access.clusterNameProblem ?? "the cluster's name is unknown")
      return
    }
    let raw: JSONValue
    do {
      raw = try await EKSClient(client: access.client).describeCluster(name: clusterName)
    } catch {
      try rethrowCancellation(error)
      diagnostics.warning(
        collector: name, subject: "EKS cluster \(clusterName)", message: "eks:DescribeCluster failed: \(error)")
      return
    }
    guard
      let cluster = CloudResource.eksCluster(
        describeClusterOutput: raw, region: access.region, accountID: access.accountID)
    else {
      diagnostics.warning(
        collector: name, subject: "EKS cluster \(clusterName)",
        message: "eks:DescribeCluster answered without the cluster's name and ARN")
      return
    }
    try await emit([.cloud(cluster)])
  }

  // MARK: ECR and ELB

  /// How one by-name AWS lookup is called and its answers become resources.
  private struct Lookup {
    /// `ECR`, `ELB`: for messages.
    var service: String
    /// The IAM action, for messages.
    var action: String
    var noun: String
    var plural: String
    var describe: @Sendable (AWSClient, [String]) async throws -> AWSLookupResult
    var resource: @Sendable (JSONValue, _ region: String, _ accountID: String) -> CloudResource?
  }

  private static let repositories = Lookup(
    service: "ECR", action: "ecr:DescribeRepositories", noun: "repository", plural: "repositories",
    describe: { client, names in try await ECRClient(client: client).describeRepositories(names: names) },
    resource: { raw, region, account in CloudResource.ecrRepository(raw, region: region, accountID: account) })

  private static let loadBalancers = Lookup(
    service: "ELB", action: "elasticloadbalancing:DescribeLoadBalancers", noun: "load balancer",
    plural: "load balancers",
    describe: { client, names in try await ELBClient(client: client).describeLoadBalancers(names: names) },
    resource: { raw, region, account in CloudResource.classicLoadBalancer(raw, region: region, accountID: account) })

  private func collectRepositories(
    _ access: AWSCycleAccess, images: Set<String>, diagnostics: any ScanDiagnostics,
    emit: @Sendable ([Resource]) async throws -> Void
  ) async throws {
    try await collect(
      Self.repositories, ECRImageReference.repositoriesByRegion(images: images, account: access.accountID), access,
      diagnostics: diagnostics, emit: emit)
  }

  private func collectLoadBalancers(
    _ access: AWSCycleAccess, hostnames: Set<String>, diagnostics: any ScanDiagnostics,
    emit: @Sendable ([Resource]) async throws -> Void
  ) async throws {
    try await collect(
      Self.loadBalancers, ClassicELBHostname.loadBalancersByRegion(hostnames: hostnames), access,
      diagnostics: diagnostics, emit: emit)
  }

  /// Looks the names up region by region (each call signed for its region) and emits what AWS
  /// knows, in pages; a region whose lookup fails is a warning and the others go on.
  private func collect(
    _ lookup: Lookup, _ namesByRegion: [String: [String]], _ access: AWSCycleAccess,
    diagnostics: any ScanDiagnostics, emit: @Sendable ([Resource]) async throws -> Void
  ) async throws {
    for region in namesByRegion.keys.sorted() {
      let names = namesByRegion[region, default: []]
      let result: AWSLookupResult
      do {
        result = try await lookup.describe(access.client.with(region: region), names)
      } catch {
        try rethrowCancellation(error)
        diagnostics.warning(
          collector: name, subject: "\(lookup.service) \(region)",
          message: "\(lookup.action) failed for \(names.count) \(lookup.plural): \(error)")
        continue
      }
      report(result, service: lookup.service, region: region, noun: lookup.noun, diagnostics: diagnostics)
      let resources = result.items.compactMap { raw in
        lookup.resource(raw, region, access.accountID).map(Resource.cloud)
      }
      for start in stride(from: 0, to: resources.count, by: Self.pageSize) {
        try await emit(Array(resources[start..<min(start + Self.pageSize, resources.count)]))
      }
    }
  }

  /// One warning per name AWS does not know (a deleted repository, a load balancer gone since the
  /// Service last updated its status) or refused: those resources are not judged this cycle.
  private func report(
    _ result: AWSLookupResult, service: String, region: String, noun: String, diagnostics: any ScanDiagnostics
  ) {
    for missing in result.notFound {
      diagnostics.warning(
        collector: name, subject: "\(service) \(region) \(missing)",
        message: "the \(noun) is named by the cluster but does not exist in AWS; not judged")
    }
    for failure in result.failures {
      diagnostics.warning(
        collector: name, subject: "\(service) \(region) \(failure.name)",
        message: "the \(noun) could not be described: \(failure.error)")
    }
  }

  private func rethrowCancellation(_ error: any Error) throws {
    if error is CancellationError || Task.isCancelled { throw CancellationError() }
  }
}
