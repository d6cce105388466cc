import AWS
import Foundation
import KSPMCore
import TestSupport
import Testing

/// EKS cluster-name discovery: the IMDS tag, else the EC2 instance tags, else the kubelet's
/// kubeconfig; every source that fails says why.
@Suite struct ClusterNameDiscoveryTests {
  /// The kubelet kubeconfig of an EKS AMI that authenticates with `aws eks get-token`.
  static let awsCLIKubeconfig = """
    apiVersion: v1
    kind: Config
    clusters:
    - cluster:
        certificate-authority: /etc/kubernetes/pki/ca.crt
        server: https://0123456789ABCDEF.gr7.eu-west-3.eks.amazonaws.com
      name: kubernetes
    contexts:
    - context:
        cluster: kubernetes
        user: kubelet
      name: kubelet
    current-context: kubelet
    users:
    - name: kubelet
      user:
        exec:
          apiVersion: client.authentication.k8s.io/v1beta1
          command: /usr/bin/aws
          args:
            - "eks"
            - "get-token"
            - "--cluster-name"
            - "prod-eks"
            - --region
            - "eu-west-3"
    """

  @Test func kubeconfigExecArgumentsGiveTheName() throws {
    #expect(try KubeletKubeconfigClusterName.clusterName(in: Self.awsCLIKubeconfig).get() == "prod-eks")
    let equalsForm = Self.awsCLIKubeconfig.replacingOccurrences(
      of: "\"--cluster-name\"\n        - \"prod-eks\"", with: "--cluster-name=staging")
    #expect(try KubeletKubeconfigClusterName.clusterName(in: equalsForm).get() == "staging")
  }

  @Test func awsIAMAuthenticatorClusterIDIsTheName() throws {
    let text = """
      users:
      - name: kubelet
        user:
          exec:
            command: /usr/bin/aws-iam-authenticator
            args: ["token", "-i", "legacy-eks"]
      """
    #expect(try KubeletKubeconfigClusterName.clusterName(in: text).get() == "legacy-eks")
    // For the AWS CLI, --cluster-id is an Outposts cluster id, not a name.
    let outposts = text.replacingOccurrences(of: "/usr/bin/aws-iam-authenticator", with: "aws")
      .replacingOccurrences(of: "\"-i\"", with: "\"--cluster-id\"")
    #expect(throws: KubeletKubeconfigClusterName.Failure.self) {
      try KubeletKubeconfigClusterName.clusterName(in: outposts).get()
    }
  }

  @Test func aClusterEntryNameIsTakenWhenItIsARealName() throws {
    let named = "clusters:\n- name: kubernetes\n- name: arn:aws:eks:eu-west-3:1:cluster/x\n- name: my-cluster\n"
    #expect(try KubeletKubeconfigClusterName.clusterName(in: named).get() == "my-cluster")
    let unnamed = "clusters:\n- name: kubernetes\n- name: arn:aws:eks:eu-west-3:1:cluster/x\n"
    #expect(throws: KubeletKubeconfigClusterName.Failure.self) {
      try KubeletKubeconfigClusterName.clusterName(in: unnamed).get()
    }
    #expect(throws: KubeletKubeconfigClusterName.Failure.self) {
      try KubeletKubeconfigClusterName.clusterName(in: "[unclosed").get()
    }
  }

  @Test func theMetadataTagComesFirst() async throws {
    let outcome = try await discoverWithoutCredentials(.init(instanceTags: ["eks:cluster-name": "tagged-eks"]))
    #expect(outcome.clusterName == "tagged-eks")
    #expect(outcome.source == .instanceMetadataTag)
    #expect(outcome.failures.isEmpty)
  }

  /// Discovery with the IMDS double of `options`, no EC2 client, and ``awsCLIKubeconfig``.
  private func discoverWithoutCredentials(_ options: AWSMetadataServer.Options = .init()) async throws
    -> EKSClusterNameDiscovery.Outcome
  {
    try await AWSMetadataServer.withServer(options) { server in
      try await withTransport(endpoint: nil) { transport in
        await EKSClusterNameDiscovery(
          imds: IMDSClient(transport: transport, endpoint: server.url), ec2: nil,
          kubeletKubeconfig: Self.awsCLIKubeconfig
        ).discover()
      }
    }
  }

  @Test func withoutTagsOrCredentialsTheKubeconfigIsUsedAndTheReasonsAreKept() async throws {
    let outcome = try await discoverWithoutCredentials()
    #expect(outcome.clusterName == "prod-eks")
    #expect(outcome.source == .kubeletKubeconfig)
    #expect(outcome.failures.map(\.source) == [.instanceMetadataTag, .ec2InstanceTags])
    #expect(outcome.failures[0].reason.contains("HTTP 404"))
    #expect(outcome.failures[1].reason == "no AWS credentials are configured")
  }

  @Test func whenEverySourceFailsEachSaysWhy() async {
    let discovery = EKSClusterNameDiscovery(imds: nil, ec2: nil, kubeletKubeconfig: nil)
    let outcome = await discovery.discover()
    #expect(outcome.clusterName == nil && outcome.source == nil)
    #expect(
      outcome.failures.map(\.description) == [
        "instance metadata tag: instance metadata is turned off",
        "EC2 instance tags: needs the instance id from instance metadata, which is turned off",
        "kubelet kubeconfig: /var/lib/kubelet/kubeconfig could not be read",
      ])
  }

  @Test func ec2InstanceTagsAreReadWithDescribeInstances() async throws {
    try await MotoServer.withShared { moto in
      try await withTransport(endpoint: moto.url) { transport in
        let client = AWSClient(
          transport: transport, region: "eu-west-3", credentials: StaticCredentialProvider(testCredentials()))
        let instanceID = try await MotoEC2(client: client).runInstance(tags: [
          ("Name", "node-1"), ("alpha.eksctl.io/eks:cluster-name", "moto-eks"),
        ])
        /// Discovery on an instance whose metadata names `id` (tags not in metadata).
        func discover(onInstance id: String) async throws -> EKSClusterNameDiscovery.Outcome {
          try await AWSMetadataServer.withServer(.init(instanceID: id)) { server in
            await EKSClusterNameDiscovery(
              imds: IMDSClient(transport: transport, endpoint: server.url), ec2: client, kubeletKubeconfig: nil
            ).discover()
          }
        }
        let outcome = try await discover(onInstance: instanceID)
        #expect(outcome.clusterName == "moto-eks")
        #expect(outcome.source == .ec2InstanceTags)
        #expect(outcome.failures.map(\.source) == [.instanceMetadataTag])
        // An instance EC2 does not know: the reason carries EC2's error code.
        let unknown = try await discover(onInstance: "i-00000000000000000")
        #expect(unknown.clusterName == nil)
        #expect(unknown.failures.count == 3)
        #expect(unknown.failures[1].reason.contains("InvalidInstanceID"))
      }
    }
  }
}
