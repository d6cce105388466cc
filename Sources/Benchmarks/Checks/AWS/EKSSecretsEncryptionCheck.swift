import KSPMCore

/// Kubernetes Secrets are envelope-encrypted with a KMS key: some entry of `Cluster.EncryptionConfig`
/// lists `secrets` in its `Resources` and names a key in `Provider.KeyArn`.
///
/// A missing, null or empty `EncryptionConfig` fails (EKS enables no envelope encryption with a
/// key of yours unless asked); a field of the wrong type is not evaluated. Evidence:
/// `EncryptionConfig` as given.
public struct EKSSecretsEncryptionCheck: CloudResourceCheck, Hashable {
  public init() {}

  public func evaluate(_ resource: CloudResource) -> Evaluation {
    .judgingEKSCluster(resource) { cluster throws(AWSShapeError) in
      var encrypted = false
      for entry in try cluster.objects("EncryptionConfig") ?? [] {
        let resources = try entry.strings("Resources") ?? []
        let key = try entry.object("Provider")?.string("KeyArn") ?? ""
        if resources.contains("secrets") && !key.isEmpty { encrypted = true }
      }
      return Evaluation(
        encrypted ? .passed : .failed, evidence: ["encryption_config": cluster["EncryptionConfig"]],
        expected: ["encryption_config": [["Resources": ["secrets"], "Provider": ["KeyArn": "a KMS key ARN"]]]])
    }
  }

  public var description: String { "EncryptionConfig covers secrets with a KMS key" }
}
