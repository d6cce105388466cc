import Beat
import Foundation
import KSPMCore
import Kubernetes
import Output
import Testing

@Suite struct ConfigExampleTests {
  /// The example of issue 4, with real values in place of its `...`.
  static let issueExample = """
    kspmbeat:
      period: 4h
      config.v1:
        benchmark: cis_k8s            # or cis_eks
        aws.credentials: {access_key_id: AKIAIOSFODNN7EXAMPLE, secret_access_key: wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY,
                          session_token: FwoGZXIvYXdzEXAMPLE,
                          shared_credential_file: ~/.aws/credentials, credential_profile_name: security,
                          role_arn: "arn:aws:iam::123456789012:role/kspm-reader"}
      kube_config: ~/.kube/config     # absent: in-cluster
      host_root: /hostfs
      leader_election:
        lease_name: kspmbeat-cluster-leader
        namespace: kube-system        # absent: the pod's own namespace
        identity: ${POD_NAME}
        lease_duration: 30s
        renew_deadline: 3s
        retry_period: 2s
    output.elasticsearch: {hosts: ["https://es:9200"], api_key: "id:key"}
    # or output.file: {path: /var/lib/kspmbeat, filename: findings}   (NDJSON)
    """

  @Test func theIssueExampleParsesToTheExpectedModel() throws {
    let loaded = try loadConfig(
      Self.issueExample, environment: ["POD_NAME": "kspmbeat-x7k2p", "HOME": "/home/kspm"])
    #expect(loaded.warnings.isEmpty)
    let expected = KSPMBeatConfig(
      period: .seconds(4 * 3600),
      benchmark: "cis_k8s",
      aws: AWSConfig(
        credentials: AWSCredentialsConfig(
          accessKeyID: "AKIAIOSFODNN7EXAMPLE",
          secretAccessKey: ConfigSecret("wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY"),
          sessionToken: ConfigSecret("FwoGZXIvYXdzEXAMPLE"),
          sharedCredentialFile: "/home/kspm/.aws/credentials",
          credentialProfileName: "security",
          roleARN: "arn:aws:iam::123456789012:role/kspm-reader")),
      kubeConfig: "/home/kspm/.kube/config",
      hostRoot: "/hostfs",
      leaderElection: LeaderElectionConfig(
        leaseName: "kspmbeat-cluster-leader", namespace: "kube-system", identity: "kspmbeat-x7k2p",
        leaseDuration: .seconds(30), renewDeadline: .seconds(3), retryPeriod: .seconds(2)),
      dataStreamNamespace: "default",
      output: .elasticsearch(
        ElasticsearchOutputConfig(
          hosts: [ElasticsearchHost(scheme: "https", host: "es", port: 9200)],
          auth: .apiKey(id: "id", key: ConfigSecret("key")))),
      queue: MemoryQueueConfig(events: 3200, flushMinEvents: 1600, flushTimeout: .seconds(10)))
    #expect(loaded.config == expected)
  }

  @Test func theExampleWithoutPodNameNamesTheVariable() throws {
    let error = configError(Self.issueExample, environment: ["HOME": "/home/kspm"])
    #expect(
      error?.description
        == "kspmbeat.yml: kspmbeat.leader_election.identity: environment variable POD_NAME is not set "
        + "(use ${POD_NAME:default} for a default)")
  }

  @Test func theFileOutputAlternative() throws {
    let text = Self.issueExample.replacingOccurrences(
      of: #"output.elasticsearch: {hosts: ["https://es:9200"], api_key: "id:key"}"#,
      with: "output.file: {path: /var/lib/kspmbeat, filename: findings}")
    let config = try loadConfig(text, environment: ["POD_NAME": "p"]).config
    #expect(config.output == .file(FileOutputConfig(path: "/var/lib/kspmbeat", filename: "findings")))
  }
}
