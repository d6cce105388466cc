/// Finds the name of the EKS cluster a node belongs to, trying in order:
///
/// 1. IMDS `GET /latest/meta-data/tags/instance/eks:cluster-name` (only when the instance
///    exposes its tags in metadata; 404 otherwise);
/// 2. EC2 `DescribeInstances` for the instance id of the IMDS identity document (in its
///    region): the value of the tag whose key ends in `eks:cluster-name`;
/// 3. the kubelet's kubeconfig (``KubeletKubeconfigClusterName``), whose text the caller reads
///    (from `<host root>/var/lib/kubelet/kubeconfig` on EKS AMIs).
///
/// Every source that gives no name adds a ``Failure`` to the outcome, so that the caller can
/// say why no name was found.
public struct EKSClusterNameDiscovery: Sendable {
  /// Where a name came from (or failed to).
  public enum Source: String, Sendable, Equatable {
    case instanceMetadataTag = "instance metadata tag"
    case ec2InstanceTags = "EC2 instance tags"
    case kubeletKubeconfig = "kubelet kubeconfig"
  }

  /// Why one source gave no name.
  public struct Failure: Sendable, Equatable, CustomStringConvertible {
    public var source: Source
    public var reason: String

    public init(source: Source, reason: String) {
      self.source = source
      self.reason = reason
    }

    /// `EC2 instance tags: …`.
    public var description: String { "\(source.rawValue): \(reason)" }
  }

  /// The name found and its source (both `nil` when none was), and the failures before it.
  public struct Outcome: Sendable, Equatable {
    public var clusterName: String?
    public var source: Source?
    public var failures: [Failure]
  }

  /// The tag key EKS puts on its nodes.
  public static let tagKey = "eks:cluster-name"

  private let imds: IMDSClient?
  private let ec2: AWSClient?
  private let kubeletKubeconfig: String?
  private let kubeletKubeconfigPath: String

  /// - Parameters:
  ///   - imds: `nil` when IMDS is turned off (then EC2 is skipped too: it needs the instance id).
  ///   - ec2: the client for `DescribeInstances` (credentials; its region is replaced by the
  ///     instance's); `nil` when no AWS credentials are configured.
  ///   - kubeletKubeconfig: the kubeconfig's text; `nil` when it could not be read.
  ///   - kubeletKubeconfigPath: where it was read, for messages.
  public init(
    imds: IMDSClient?, ec2: AWSClient?, kubeletKubeconfig: String?,
    kubeletKubeconfigPath: String = "/" + KubeletKubeconfigClusterName.defaultPath
  ) {
    self.imds = imds
    self.ec2 = ec2
    self.kubeletKubeconfig = kubeletKubeconfig
    self.kubeletKubeconfigPath = kubeletKubeconfigPath
  }

  /// Tries the sources in order and stops at the first name.
  public func discover() async -> Outcome {
    var failures: [Failure] = []
    func found(_ name: String, _ source: Source) -> Outcome {
      Outcome(clusterName: name, source: source, failures: failures)
    }
    switch await fromMetadataTag() {
    case .success(let name): return found(name, .instanceMetadataTag)
    case .failure(let reason): failures.append(Failure(source: .instanceMetadataTag, reason: reason.description))
    }
    switch await fromEC2Tags() {
    case .success(let name): return found(name, .ec2InstanceTags)
    case .failure(let reason): failures.append(Failure(source: .ec2InstanceTags, reason: reason.description))
    }
    switch fromKubeconfig() {
    case .success(let name): return found(name, .kubeletKubeconfig)
    case .failure(let reason): failures.append(Failure(source: .kubeletKubeconfig, reason: reason.description))
    }
    return Outcome(clusterName: nil, source: nil, failures: failures)
  }

  private struct Reason: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
  }

  private func fromMetadataTag() async -> Result<String, Reason> {
    guard let imds else { return .failure(Reason("instance metadata is turned off")) }
    do {
      let name = try await imds.get("/latest/meta-data/tags/instance/" + Self.tagKey).trimmingXMLWhitespace()
      return name.isEmpty ? .failure(Reason("the tag is empty")) : .success(name)
    } catch let error as AWSError where error.status == 404 {
      return .failure(Reason("not found (HTTP 404): instance metadata tags are off, or the instance has no such tag"))
    } catch {
      return .failure(Reason("\(error)"))
    }
  }

  private func fromEC2Tags() async -> Result<String, Reason> {
    guard let imds else { return .failure(Reason("needs the instance id from instance metadata, which is turned off")) }
    guard let ec2 else { return .failure(Reason("no AWS credentials are configured")) }
    let instanceID: String
    let region: String
    do {
      let document = try await imds.instanceIdentityDocument()
      guard let id = document["instanceId"]?.stringValue, let documentRegion = document["region"]?.stringValue else {
        return .failure(Reason("the instance identity document lacks instanceId or region"))
      }
      (instanceID, region) = (id, documentRegion)
    } catch {
      return .failure(Reason("cannot read the instance identity document: \(error)"))
    }
    do {
      let tags = try await EC2Client(client: ec2.with(region: region)).instanceTags(instanceID: instanceID)
      guard let tag = tags.first(where: { $0.key.hasSuffix(Self.tagKey) }), !tag.value.isEmpty else {
        return .failure(Reason("instance \(instanceID) has no tag ending in \(Self.tagKey)"))
      }
      return .success(tag.value)
    } catch {
      return .failure(Reason("\(error)"))
    }
  }

  private func fromKubeconfig() -> Result<String, Reason> {
    guard let kubeletKubeconfig else { return .failure(Reason("\(kubeletKubeconfigPath) could not be read")) }
    return KubeletKubeconfigClusterName.clusterName(in: kubeletKubeconfig)
      .mapError { Reason("\(kubeletKubeconfigPath): \($0)") }
  }
}
