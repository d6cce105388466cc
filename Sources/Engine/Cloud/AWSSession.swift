import AWS
import Foundation
import Host
import KSPMCore

/// What one cycle uses to reach AWS: a signed client in the cluster's region, the account the
/// credentials belong to, and the EKS cluster's name when it is known.
public struct AWSCycleAccess: Sendable {
  public var client: AWSClient
  public var region: String
  public var accountID: String
  public var clusterName: String?
  /// Why the cluster's name is unknown, when it is.
  public var clusterNameProblem: String?

  /// The `cloud.*` of the cycle's documents.
  public var cloudContext: CloudContext { CloudContext(provider: "aws", accountID: accountID, region: region) }
}

/// Why a cycle cannot reach AWS at all. Its text says what to fix and never carries a secret.
public struct AWSAccessError: Error, Sendable, CustomStringConvertible {
  public var description: String
  /// The credentials were missing, expired or rejected (health goes degraded on it).
  public var isCredentialProblem: Bool

  public init(_ description: String, isCredentialProblem: Bool = false) {
    self.description = description
    self.isCredentialProblem = isCredentialProblem
  }
}

/// The AWS side of a cycle assembly: one transport and one credential provider for the life of
/// the assembly (temporary credentials are cached and renewed before they expire), and, for each
/// cycle, the region, the account (STS `GetCallerIdentity`, which also proves the credentials
/// work) and the cluster's name (configured, else discovered once on the node).
public actor AWSSession {
  public nonisolated let plan: AWSAccessPlan
  private let transport: AWSTransport
  private let environment: AWSEnvironment
  private let hostRoot: String?
  private var provider: (any AWSCredentialProvider)?
  private var region: String?
  private var clusterName: String?

  /// - Throws: ``AWSAccessError`` when the transport cannot be set up.
  public init(
    plan: AWSAccessPlan, environment: [String: String], hostRoot: String?, userAgent: String,
    transportOptions: AWSTransport.Options? = nil
  ) throws(AWSAccessError) {
    self.plan = plan
    self.hostRoot = hostRoot
    var home = environment["HOME"]
    if home == nil || home == "" { home = FileManager.default.homeDirectoryForCurrentUser.path }
    self.environment = AWSEnvironment(variables: environment, homeDirectory: home)
    var options = transportOptions ?? AWSTransport.Options()
    options.endpoints.override = plan.endpoint
    options.userAgent = userAgent
    do {
      transport = try AWSTransport(options: options)
    } catch {
      throw AWSAccessError("the AWS connection cannot be set up: \(error)")
    }
    clusterName = plan.clusterName
  }

  /// What this cycle needs, resolved now.
  public func access() async throws(AWSAccessError) -> AWSCycleAccess {
    let region = try await resolveRegion()
    let client = AWSClient(transport: transport, region: region, credentials: try credentialProvider(region: region))
    let accountID: String
    do {
      accountID = try await STSClient(client: client).getCallerIdentity().account
    } catch {
      throw Self.describe(error, doing: "reading the account of the AWS credentials (sts:GetCallerIdentity)")
    }
    var problem: String?
    if clusterName == nil {
      let imds = IMDSClient.endpoint(environment: environment).map { IMDSClient(transport: transport, endpoint: $0) }
      let discovered = await EKSClusterNameDiscovery(
        imds: imds, ec2: client, kubeletKubeconfig: Self.readKubeletKubeconfig(hostRoot: hostRoot),
        kubeletKubeconfigPath: Self.kubeletKubeconfigPath
      ).discover()
      clusterName = discovered.clusterName
      if discovered.clusterName == nil {
        problem =
          "the EKS cluster's name is not configured (kspmbeat.config.v1.aws.cluster_name) and could not be "
          + "discovered: " + discovered.failures.map(\.description).joined(separator: "; ")
      }
    }
    return AWSCycleAccess(
      client: client, region: region, accountID: accountID, clusterName: clusterName, clusterNameProblem: problem)
  }

  /// Closes the connections.
  public func shutdown() async {
    try? await transport.shutdown()
  }

  private func credentialProvider(region: String) throws(AWSAccessError) -> any AWSCredentialProvider {
    if let provider { return provider }
    do {
      let made = try AWSCredentialProviders.make(
        plan.credentials, environment: environment, client: AWSClient(transport: transport, region: region))
      provider = made
      return made
    } catch {
      throw AWSAccessError("the AWS credential settings cannot be used: \(error)", isCredentialProblem: true)
    }
  }

  /// The configured region, else `AWS_REGION`/`AWS_DEFAULT_REGION`, else the node's instance
  /// identity document.
  private func resolveRegion() async throws(AWSAccessError) -> String {
    if let region { return region }
    if let configured = plan.region ?? environment.region {
      region = configured
      return configured
    }
    guard let endpoint = IMDSClient.endpoint(environment: environment) else {
      throw AWSAccessError(
        "no AWS region: set kspmbeat.config.v1.aws.region (instance metadata is turned off here)")
    }
    do {
      let found = try await IMDSClient(transport: transport, endpoint: endpoint).region()
      region = found
      return found
    } catch {
      throw AWSAccessError(
        "no AWS region: set kspmbeat.config.v1.aws.region (the node's instance metadata did not say: \(error))")
    }
  }

  /// Where EKS AMIs keep the kubelet's kubeconfig, which names the cluster.
  static let kubeletKubeconfigPath = "/var/lib/kubelet/kubeconfig"

  /// The kubelet's kubeconfig read under the host root; `nil` when there is none or it is unreadable.
  static func readKubeletKubeconfig(hostRoot: String?) -> String? {
    guard let hostRoot, let bytes = try? HostRoot(hostRoot).readFile(kubeletKubeconfigPath) else { return nil }
    return String(decoding: bytes, as: UTF8.self)
  }

  /// An error as an ``AWSAccessError``: credential problems say so.
  static func describe(_ error: any Error, doing what: String) -> AWSAccessError {
    if let error = error as? AWSError, error.isCredentialProblem {
      return AWSAccessError("the AWS credentials were refused while \(what): \(error)", isCredentialProblem: true)
    }
    if let error = error as? AWSCredentialsError {
      return AWSAccessError("no usable AWS credentials while \(what): \(error)", isCredentialProblem: true)
    }
    return AWSAccessError("AWS failed while \(what): \(error)")
  }
}
