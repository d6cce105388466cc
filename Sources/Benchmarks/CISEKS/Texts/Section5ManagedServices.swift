// Rule prose for CIS Amazon EKS section 5: the AWS services around the cluster (ECR image scanning, KMS
// encryption of Secrets, endpoint access, private nodes, load balancer TLS).

extension CISEKSTexts {
  static let section5: [String: RuleText] = [
    "5.1.1": RuleText(
      description: """
        Container images should be scanned for known vulnerabilities. For the private ECR repositories the \
        cluster's Pods pull from, that means scan on push: the repository's `imageScanningConfiguration.scanOnPush` \
        is `true`, so every image pushed is scanned.
        """,
      rationale: """
        Images carry operating system packages and libraries with published vulnerabilities. Scanning each image \
        as it is pushed shows them before the image runs anywhere, and ECR keeps the findings with the image for \
        later review.
        """,
      audit: """
        ```
        aws ecr describe-repositories --repository-names <repository> \\
          --query 'repositories[].[repositoryName,imageScanningConfiguration.scanOnPush]' --output table
        aws ecr get-registry-scanning-configuration
        ```

        Compliant: `True` for every repository the cluster uses.
        """,
      remediation: """
        ```
        aws ecr put-image-scanning-configuration --repository-name <repository> \\
          --image-scanning-configuration scanOnPush=true
        ```

        Set it when creating repositories too (`aws ecr create-repository … --image-scanning-configuration \
        scanOnPush=true`, or the same field in CloudFormation or Terraform). A third-party scanner in the \
        delivery pipeline meets the intent as well; record that decision where you track exceptions.
        """,
      impact: """
        Basic scanning has no charge; enhanced scanning with Amazon Inspector is billed per image. A scan does \
        not block a push or a pull: act on its findings in the pipeline or with an admission policy.
        """,
      defaultValue: "`scanOnPush` is `false` on a new repository.",
      references: """
        https://docs.aws.amazon.com/AmazonECR/latest/userguide/image-scanning.html
        https://docs.aws.amazon.com/AmazonECR/latest/userguide/image-scanning-basic.html
        """
    ),
    "5.3.1": RuleText(
      description: """
        EKS should envelope-encrypt Kubernetes Secrets with an AWS KMS key you manage: the cluster's \
        `encryptionConfig` has an entry for the `secrets` resource whose provider is a KMS key ARN.
        """,
      rationale: """
        Secrets are stored in etcd. With envelope encryption each Secret is encrypted with a data key that your \
        KMS key encrypts in turn, so a copy of etcd or of its backups reveals nothing without access to the key. \
        Every use of the key is logged in CloudTrail, and access to it can be withdrawn.
        """,
      audit: """
        ```
        aws eks describe-cluster --name <cluster> --query 'cluster.encryptionConfig'
        ```

        Compliant: an entry with `"resources": ["secrets"]` and a `provider.keyArn`.
        """,
      remediation: """
        Create (or choose) a symmetric KMS key in the cluster's region, allow the cluster's IAM role to use it, \
        then:

        ```
        aws eks associate-encryption-config --cluster-name <cluster> \\
          --encryption-config '[{"resources":["secrets"],"provider":{"keyArn":"arn:aws:kms:<region>:<account>:key/<key-id>"}}]'
        ```

        Secrets written before are encrypted when next written; rewrite them all with \
        `kubectl get secrets -A -o json | kubectl replace -f -`.
        """,
      impact: """
        Once associated, the encryption cannot be removed from the cluster. The key must stay enabled and usable \
        by the cluster: if it is disabled or scheduled for deletion, the cluster can no longer read its Secrets. \
        KMS charges for the key and its requests.
        """,
      defaultValue: """
        No `encryptionConfig`: Secrets are protected only by the storage encryption EKS applies itself, with \
        keys you do not control.
        """,
      references: """
        https://docs.aws.amazon.com/eks/latest/userguide/enable-kms.html
        https://kubernetes.io/docs/tasks/administer-cluster/kms-provider/
        """
    ),
    "5.4.1": RuleText(
      description: """
        The cluster's API endpoint should be reachable privately from the VPC, and any public endpoint should \
        admit only the networks that need it: `endpointPrivateAccess` is `true`, and either \
        `endpointPublicAccess` is `false` or no range in `publicAccessCidrs` admits every address \
        (`0.0.0.0/0`).
        """,
      rationale: """
        A public endpoint open to every address lets anyone on the internet try stolen credentials against the \
        API server and probe it for vulnerabilities. The private endpoint keeps node and in-VPC traffic off the \
        internet, and an allow-list narrows public access to known networks.
        """,
      audit: """
        ```
        aws eks describe-cluster --name <cluster> \\
          --query 'cluster.resourcesVpcConfig.[endpointPrivateAccess,endpointPublicAccess,publicAccessCidrs]'
        ```

        Compliant: private access `true`, and public access `false` or a CIDR list without a `/0` range.
        """,
      remediation: """
        ```
        aws eks update-cluster-config --name <cluster> \\
          --resources-vpc-config endpointPrivateAccess=true,endpointPublicAccess=true,publicAccessCidrs="203.0.113.0/24"
        ```

        List the networks of your administrators and tools in `publicAccessCidrs`, or close the public endpoint \
        altogether (`endpointPublicAccess=false`, rule 5.4.2).
        """,
      impact: """
        Clients outside the listed networks (CI runners, laptops, hosted tools) lose access to the API. The \
        update takes several minutes; the cluster keeps working meanwhile.
        """,
      defaultValue: """
        A new cluster has the public endpoint on and open to `0.0.0.0/0`, and the private endpoint off.
        """,
      references: """
        https://docs.aws.amazon.com/eks/latest/userguide/cluster-endpoint.html
        """
    ),
    "5.4.2": RuleText(
      description: """
        The cluster's API endpoint should be private only: `endpointPrivateAccess` is `true` and \
        `endpointPublicAccess` is `false`.
        """,
      rationale: """
        With no public endpoint the API server cannot be reached from the internet at all, whatever credentials \
        leak; only networks connected to the VPC can talk to it.
        """,
      audit: """
        ```
        aws eks describe-cluster --name <cluster> \\
          --query 'cluster.resourcesVpcConfig.[endpointPrivateAccess,endpointPublicAccess]'
        ```

        Compliant: `true`, `false`.
        """,
      remediation: """
        ```
        aws eks update-cluster-config --name <cluster> \\
          --resources-vpc-config endpointPrivateAccess=true,endpointPublicAccess=false
        ```

        Give administrators and pipelines a way into the VPC first (VPN, Direct Connect, a bastion, or runners \
        inside the VPC).
        """,
      impact: """
        Everything that manages the cluster must run inside the VPC or a network connected to it. Tools that \
        need the API from outside, including some hosted services, stop working.
        """,
      defaultValue: "A new cluster has the public endpoint on and the private endpoint off.",
      references: """
        https://docs.aws.amazon.com/eks/latest/userguide/cluster-endpoint.html
        https://docs.aws.amazon.com/eks/latest/userguide/private-clusters.html
        """
    ),
    "5.4.3": RuleText(
      description: """
        Worker nodes should have private addresses only: no Node reports an `ExternalIP` in `status.addresses`.
        """,
      rationale: """
        A node with a public address is reachable from the internet wherever its security groups allow, which \
        exposes the kubelet, NodePorts and host-network services to scanning and attack. Private nodes reach \
        the internet, if they must, through a NAT gateway.
        """,
      audit: """
        ```
        kubectl get nodes -o json | jq -r '.items[] | .metadata.name + " "
          + ([.status.addresses[] | select(.type == "ExternalIP") | .address] | join(","))'
        ```

        Compliant: nothing follows any node name.
        """,
      remediation: """
        Run node groups in private subnets (no public IP mapped on launch, default route through a NAT gateway), \
        or set `AssociatePublicIpAddress` to `false` on the network interface of the node group's launch \
        template. Nodes keep the address they started with, so replace them afterwards.
        """,
      impact: """
        Nodes then need a NAT gateway or VPC endpoints (ECR, S3, STS, EC2, CloudWatch Logs) to pull images and \
        reach AWS APIs.
        """,
      defaultValue: """
        It depends on the subnets: nodes launched in public subnets that map public addresses get one.
        """,
      references: """
        https://docs.aws.amazon.com/eks/latest/userguide/network-reqs.html
        https://docs.aws.amazon.com/eks/latest/userguide/private-clusters.html
        """
    ),
    "5.4.5": RuleText(
      description: """
        Load balancers in front of the cluster's Services should accept client traffic only over TLS, ended at \
        the load balancer with a certificate: every listener of a classic load balancer uses `HTTPS` or `SSL` \
        and names a certificate from ACM or IAM.
        """,
      rationale: """
        Traffic between users and the load balancer crosses networks you do not control. Without TLS, \
        credentials, session cookies and data can be read or changed on the way.
        """,
      audit: """
        Find the load balancers of Services of type `LoadBalancer` (their `EXTERNAL-IP` host names in \
        `kubectl get svc -A`), then:

        ```
        aws elb describe-load-balancers --load-balancer-names <name> \\
          --query 'LoadBalancerDescriptions[].ListenerDescriptions[].Listener'
        ```

        Compliant: every listener has `Protocol` `HTTPS` or `SSL` and an `SSLCertificateId`.
        """,
      remediation: """
        Annotate the Service so that the load balancer ends TLS with your certificate, and serve only TLS ports:

        ```yaml
        metadata:
          annotations:
            service.beta.kubernetes.io/aws-load-balancer-ssl-cert: arn:aws:acm:<region>:<account>:certificate/<id>
            service.beta.kubernetes.io/aws-load-balancer-ssl-ports: "443"
            service.beta.kubernetes.io/aws-load-balancer-backend-protocol: http
        ```

        Remove plain ports (such as 80) from the Service. To encrypt the hop to the Pods too, use `https` or \
        `ssl` as the back-end protocol and serve TLS in the Pods.
        """,
      impact: """
        Clients must use TLS; a plain port removed from the Service stops answering. ACM certificates renew \
        themselves, imported or IAM certificates must be renewed by you. Network and Application Load \
        Balancers (created by the AWS Load Balancer Controller) are not classic load balancers and are not \
        judged by this rule.
        """,
      defaultValue: """
        A Service of type `LoadBalancer` gets a classic load balancer with plain TCP listeners and no \
        certificate unless annotated.
        """,
      references: """
        https://kubernetes.io/docs/concepts/services-networking/service/#ssl-support-on-aws
        https://docs.aws.amazon.com/elasticloadbalancing/latest/classic/elb-https-load-balancers.html
        """
    ),
  ]
}
