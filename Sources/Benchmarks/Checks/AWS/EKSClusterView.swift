import KSPMCore

extension Evaluation {
  /// Runs `judge` on the `Cluster` object of an EKS cluster resource (`resource.raw.Cluster`,
  /// DescribeCluster's output in the AWS Go SDK's PascalCase). A raw resource without one is not
  /// an EKS cluster description, and a field of the wrong type is not judged: the rule is not
  /// evaluated, with the reason.
  static func judgingEKSCluster(
    _ resource: CloudResource, _ judge: (AWSRawReader) throws(AWSShapeError) -> Evaluation
  ) -> Evaluation {
    readingAWSFields { () throws(AWSShapeError) -> Evaluation in
      guard let cluster = try AWSRawReader.object(resource.raw["Cluster"], path: "Cluster") else {
        return .notEvaluated("resource.raw has no Cluster object (the EKS DescribeCluster output)")
      }
      return try judge(cluster)
    }
  }
}
