import KSPMCore

/// An ECR repository scans every image pushed to it:
/// `ImageScanningConfiguration.ScanOnPush` is true (unset: false, ECR's default).
///
/// Evidence: the repository's name and its `ScanOnPush` as judged.
public struct ECRScanOnPushCheck: CloudResourceCheck, Hashable {
  public init() {}

  public func evaluate(_ resource: CloudResource) -> Evaluation {
    let given = resource.raw[path: "ImageScanningConfiguration", "ScanOnPush"]?.boolValue
    let scanOnPush = given ?? false
    var evidence = JSONObject()
    evidence["repository"] = .string(resource.raw["RepositoryName"]?.stringValue ?? resource.name)
    evidence["ScanOnPush"] = given.map { .bool($0) } ?? "unset (default false)"
    return Evaluation(
      scanOnPush ? .passed : .failed, evidence: .object(evidence), expected: ["ScanOnPush": true])
  }

  public var description: String { "ImageScanningConfiguration.ScanOnPush is true" }
}
