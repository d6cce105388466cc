import KSPMCore

/// Kubernetes Secrets are envelope-encrypted with a KMS key: some entry of `Cluster.EncryptionConfig`
/// lists `secrets` in its `Resources` and names a key in `Provider.KeyArn`.
///
/// A missing, null or empty `EncryptionConfig` fails (EKS enables no envelope encryption with a
/// key of yours unless asked). Evidence: `EncryptionConfig` as given.
public struct EKSSecretsEncryptionCheck: CloudResourceCheck, Hashable {
  public init() {}

  public func evaluate(_ resource: CloudResource) -> Evaluation {
    .judgingEKSCluster(resource) { cluster in
      let config = cluster["EncryptionConfig"] ?? .null
      guard config.isNull || config.arrayValue != nil else {
        return .notEvaluated("Cluster.EncryptionConfig is not a list")
      }
      let encrypted = (config.arrayValue ?? []).contains { entry in
        let coversSecrets = entry["Resources"]?.arrayValue?.contains { $0.stringValue == "secrets" } ?? false
        let key = entry[path: "Provider", "KeyArn"]?.stringValue ?? ""
        return coversSecrets && !key.isEmpty
      }
      return Evaluation(
        encrypted ? .passed : .failed, evidence: ["encryption_config": config],
        expected: ["encryption_config": [["Resources": ["secrets"], "Provider": ["KeyArn": "a KMS key ARN"]]]])
    }
  }

  public var description: String { "EncryptionConfig covers secrets with a KMS key" }
}
