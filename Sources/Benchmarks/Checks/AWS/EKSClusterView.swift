import KSPMCore

extension Evaluation {
  /// Runs `judge` on the `Cluster` object of an EKS cluster resource (`resource.raw.Cluster`,
  /// DescribeCluster's output in the AWS Go SDK's PascalCase). A raw resource without one is not
  /// an EKS cluster description: the rule is not evaluated rather than judged from nothing.
  static func judgingEKSCluster(_ resource: CloudResource, _ judge: (JSONObject) -> Evaluation) -> Evaluation {
    guard let cluster = resource.raw["Cluster"]?.objectValue else {
      return .notEvaluated("resource.raw has no Cluster object (the EKS DescribeCluster output)")
    }
    return judge(cluster)
  }
}
