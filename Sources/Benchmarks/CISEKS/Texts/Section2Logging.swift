// Rule prose for CIS Amazon EKS section 2: control-plane logging.

extension CISEKSTexts {
  static let section21: [String: RuleText] = [
    "2.1.1": RuleText(
      description: """
        The EKS control plane should send all five of its log types to Amazon CloudWatch Logs: `api`, `audit`, \
        `authenticator`, `controllerManager` and `scheduler`.
        """,
      rationale: """
        EKS runs the control plane for you, so its logs are the only view you have of it. Audit logs record who \
        did what through the Kubernetes API, authenticator logs tie each request to an IAM identity, and the API \
        server, controller manager and scheduler logs explain how the cluster reacted. Without them an incident \
        cannot be reconstructed.
        """,
      audit: """
        ```
        aws eks describe-cluster --name <cluster> --query 'cluster.logging.clusterLogging'
        ```

        Compliant: the entries with `"enabled": true` list all five types between them.
        """,
      remediation: """
        ```
        aws eks update-cluster-config --name <cluster> --logging \\
          '{"clusterLogging":[{"types":["api","audit","authenticator","controllerManager","scheduler"],"enabled":true}]}'
        ```

        The logs arrive in the log group `/aws/eks/<cluster>/cluster`; give it a retention period that matches \
        your policy.
        """,
      impact: """
        CloudWatch Logs charges for ingestion and storage, and the audit log of a busy cluster is large. Keep \
        the retention period no longer than needed, or export the logs to cheaper storage.
        """,
      defaultValue: "Every log type is off on a new cluster.",
      references: """
        https://docs.aws.amazon.com/eks/latest/userguide/control-plane-logs.html
        https://kubernetes.io/docs/tasks/debug/debug-cluster/audit/
        """
    )
  ]
}
