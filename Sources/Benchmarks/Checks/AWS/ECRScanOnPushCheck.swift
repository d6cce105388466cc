import KSPMCore

/// An ECR repository scans every image pushed to it:
/// `ImageScanningConfiguration.ScanOnPush` is true (missing or null: false, ECR's default).
///
/// A raw resource without `RepositoryName` is not an ECR `Repository`, and a field of the wrong
/// type is not judged: both are not evaluated. Evidence: the repository's name and its
/// `ScanOnPush` as judged.
public struct ECRScanOnPushCheck: CloudResourceCheck, Hashable {
  public init() {}

  public func evaluate(_ resource: CloudResource) -> Evaluation {
    .readingAWSFields { () throws(AWSShapeError) -> Evaluation in
      guard let repository = try AWSRawReader.object(resource.raw, path: ""),
        let name = try repository.string("RepositoryName")
      else {
        return .notEvaluated("resource.raw has no RepositoryName (an ECR Repository of DescribeRepositories)")
      }
      let given = try repository.object("ImageScanningConfiguration")?.bool("ScanOnPush")
      var evidence = JSONObject()
      evidence["repository"] = .string(name)
      evidence["ScanOnPush"] = given.map { .bool($0) } ?? "unset (default false)"
      return Evaluation(
        given == true ? .passed : .failed, evidence: .object(evidence), expected: ["ScanOnPush": true])
    }
  }

  public var description: String { "ImageScanningConfiguration.ScanOnPush is true" }
}
