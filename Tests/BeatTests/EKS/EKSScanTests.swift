import AWS
import Foundation
import KSPMCore
import TestSupport
import Testing

/// `kspmbeat scan --benchmark cis_eks` end to end: the real binary, manifests naming ECR images
/// and classic load balancers, and moto as AWS (EKS, ECR in two regions, ELB, STS).
@Suite(.serialized) struct EKSScanTests {
  static var binary: String {
    URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("kspmbeat").path
  }

  static let secret = "PLANTED-EKS-SECRET-0001"

  @Test(.timeLimit(.minutes(3))) func aScanJudgesTheClusterItsRepositoriesInTwoRegionsAndItsLoadBalancers()
    async throws
  {
    try await MotoServer.withServer { moto in
      let world = try await EKSWorld.create(on: moto)
      let folder = try temporaryFolder()
      defer { try? FileManager.default.removeItem(at: folder) }
      let run = try await EKSWorld.scan(
        binary: Self.binary, moto: moto, folder: folder,
        settings: ["credentials.access_key_id": "AKIAEXAMPLEEKSSCAN01", "credentials.secret_access_key": Self.secret],
        verbose: true)
      let result = run.result
      #expect(result.status == 0, "\(result.stderr)")
      let documents = run.documents

      // The cluster: the four rules Elastic's shipper never judges, from DescribeCluster.
      let cluster = documents.filter { $0[path: "resource", "sub_type"]?.stringValue == "aws-eks" }
      #expect(Set(cluster.compactMap(EKSWorld.ruleNumber)) == ["2.1.1", "5.3.1", "5.4.1", "5.4.2"])
      #expect(cluster.allSatisfy { $0[path: "resource", "name"]?.stringValue == EKSWorld.clusterName })
      // Audit logging is off, no secrets encryption, the endpoint is public to the world.
      #expect(cluster.allSatisfy { EKSWorld.verdict($0) == "failed" })
      #expect(cluster.first?[path: "cloud", "account", "id"]?.stringValue == world.accountID)
      #expect(cluster.first?[path: "orchestrator", "cluster", "name"]?.stringValue == EKSWorld.clusterName)

      // ECR: one repository per region, each judged in its own region; the deleted one warned.
      let repositories = documents.filter { $0[path: "resource", "sub_type"]?.stringValue == "aws-ecr" }
      let byName = Dictionary(
        repositories.map { ($0[path: "resource", "name"]?.stringValue ?? "", $0) }, uniquingKeysWith: { a, _ in a })
      #expect(Set(byName.keys) == ["team/web", "api"])
      #expect(byName["team/web"].map(EKSWorld.verdict) == "passed")
      #expect(byName["team/web"]?[path: "cloud", "region"]?.stringValue == "us-east-1")
      #expect(byName["api"].map(EKSWorld.verdict) == "failed")
      #expect(byName["api"]?[path: "cloud", "region"]?.stringValue == "eu-west-1")
      #expect(repositories.allSatisfy { EKSWorld.ruleNumber($0) == "5.1.1" })
      #expect(result.stderr.contains("gone"), "\(result.stderr)")

      // ELB: both load balancers behind LoadBalancer Services, the internal one by its own name.
      let balancers = documents.filter { $0[path: "resource", "sub_type"]?.stringValue == "aws-elb" }
      let verdicts = Dictionary(
        balancers.map { ($0[path: "resource", "name"]?.stringValue ?? "", EKSWorld.verdict($0)) },
        uniquingKeysWith: { a, _ in a })
      #expect(verdicts == ["secure": "passed", "plain": "failed"])
      #expect(balancers.allSatisfy { EKSWorld.ruleNumber($0) == "5.4.5" })

      // Pods are judged by their own rules in the same scan, and nothing shows the secret.
      #expect(documents.contains { $0[path: "resource", "sub_type"]?.stringValue == "Pod" })
      for text in [result.stdout, result.stderr, run.written] { #expect(!text.contains(Self.secret)) }
    }
  }

  @Test(.timeLimit(.minutes(3))) func refusedCredentialsSayWhyAndTheRestOfTheScanGoesOn() async throws {
    try await MotoServer.withServer { moto in
      _ = try await EKSWorld.create(on: moto)
      try await moto.enableSignatureChecking()
      let folder = try temporaryFolder()
      defer { try? FileManager.default.removeItem(at: folder) }
      let run = try await EKSWorld.scan(
        binary: Self.binary, moto: moto, folder: folder,
        settings: ["credentials.access_key_id": "AKIAUNKNOWNKEY000001", "credentials.secret_access_key": Self.secret])
      let result = run.result
      // The Pods were still judged; the AWS part says the credentials were refused.
      let documents = run.documents
      #expect(documents.contains { $0[path: "resource", "sub_type"]?.stringValue == "Pod" })
      #expect(!documents.contains { ($0[path: "resource", "sub_type"]?.stringValue ?? "").hasPrefix("aws-") })
      #expect(result.stderr.contains("AWS credentials were refused"), "\(result.stderr)")
      #expect(result.stderr.contains("InvalidClientTokenId"), "\(result.stderr)")
      #expect(!result.stderr.contains(Self.secret))
    }
  }
}

/// Each credential method of the configuration, through the binary, against moto with its
/// signature and IAM checks on (web identity: off, since moto answers unsigned calls with 500
/// while checking): the scan finds this account's repositories and load balancers only when the
/// configured method really produced the credentials moto knows.
@Suite(.serialized) struct EKSCredentialMethodTests {
  /// What the scan needs to be allowed to do.
  static let actions = [
    "ecr:DescribeRepositories", "elasticloadbalancing:DescribeLoadBalancers", "eks:DescribeCluster",
    "sts:AssumeRole",
  ]

  /// Runs the scan with `settings` (`-E` keys under `kspmbeat.config.v1.aws.`) and `environment`,
  /// and checks the AWS findings and that no secret shows.
  static func scan(
    moto: MotoServer, folder: URL, settings: [String: String], environment: [String: String] = [:],
    secrets: [String]
  ) async throws {
    let run = try await EKSWorld.scan(
      binary: EKSScanTests.binary, moto: moto, folder: folder, settings: settings, environment: environment)
    let result = run.result
    #expect(result.status == 0, "\(result.stderr)")
    let documents = run.documents
    let names = Set(
      documents.filter { ($0[path: "resource", "sub_type"]?.stringValue ?? "").hasPrefix("aws-e") }.compactMap {
        $0[path: "resource", "name"]?.stringValue
      })
    #expect(names.isSuperset(of: ["team/web", "api", "secure", "plain"]), "\(result.stderr)")
    for secret in secrets {
      #expect(![result.stdout, result.stderr, run.written].contains { $0.contains(secret) }, "\(secret) leaked")
    }
  }

  /// moto with the estate, an IAM user allowed to read it, and checking on.
  static func withCheckedMoto(
    _ body: (MotoServer, MotoIAM, (credentials: AWSCredentials, arn: String), URL) async throws -> Void
  ) async throws {
    try await MotoServer.withServer { moto in
      _ = try await EKSWorld.create(on: moto)
      let transport = try EKSWorld.setupTransport(moto)
      defer { Task { try? await transport.shutdown() } }
      let iam = MotoIAM(transport: transport)
      let user = try await iam.createUser("kspm-reader")
      try await iam.allow(user: "kspm-reader", actions: actions)
      let folder = try temporaryFolder()
      defer { try? FileManager.default.removeItem(at: folder) }
      try await body(moto, iam, user, folder)
    }
  }

  /// The `-E` settings of static keys.
  static func keys(_ credentials: AWSCredentials) -> [String: String] {
    [
      "credentials.access_key_id": credentials.accessKeyID,
      "credentials.secret_access_key": credentials.secretAccessKey.value,
    ]
  }

  @Test(.timeLimit(.minutes(3))) func staticKeys() async throws {
    try await Self.withCheckedMoto { moto, _, user, folder in
      try await moto.enableSignatureChecking()
      try await Self.scan(
        moto: moto, folder: folder, settings: Self.keys(user.credentials),
        secrets: [user.credentials.secretAccessKey.value])
    }
  }

  @Test(.timeLimit(.minutes(3))) func sessionToken() async throws {
    try await Self.withCheckedMoto { moto, iam, user, folder in
      let roleARN = try await iam.createRole("kspm-session", trusting: user.arn)
      try await iam.allow(role: "kspm-session", actions: Self.actions)
      try await moto.enableSignatureChecking()
      let transport = try EKSWorld.setupTransport(moto)
      defer { Task { try? await transport.shutdown() } }
      let sts = STSClient(
        client: AWSClient(
          transport: transport, region: "us-east-1", credentials: StaticCredentialProvider(user.credentials)))
      let session = try await sts.assumeRole(STSAssumeRoleRequest(roleARN: roleARN, sessionName: "token-test"))
      let token = try #require(session.credentials.sessionToken?.value)
      try await Self.scan(
        moto: moto, folder: folder,
        settings: Self.keys(session.credentials).merging(["credentials.session_token": token]) { $1 },
        secrets: [session.credentials.secretAccessKey.value, token])
    }
  }

  @Test(.timeLimit(.minutes(3))) func sharedCredentialsFileAndProfile() async throws {
    try await Self.withCheckedMoto { moto, _, user, folder in
      try await moto.enableSignatureChecking()
      let file = folder.appendingPathComponent("aws-credentials")
      try """
      [default]
      aws_access_key_id = AKIANOTTHEONE0000001
      aws_secret_access_key = not-this-one

      [security]
      aws_access_key_id = \(user.credentials.accessKeyID)
      aws_secret_access_key = \(user.credentials.secretAccessKey.value)
      """.write(to: file, atomically: true, encoding: .utf8)
      try await Self.scan(
        moto: moto, folder: folder,
        settings: ["credentials.shared_credential_file": file.path, "credentials.credential_profile_name": "security"],
        secrets: [user.credentials.secretAccessKey.value])
    }
  }

  @Test(.timeLimit(.minutes(3))) func roleARNWithExternalID() async throws {
    try await Self.withCheckedMoto { moto, iam, _, folder in
      // The user may only assume the role; the role may read the estate.
      let base = try await iam.createUser("kspm-assumer")
      try await iam.allowAssumeRole(user: "kspm-assumer")
      let roleARN = try await iam.createRole("kspm-audit", trusting: base.arn, externalID: "ext-7731")
      try await iam.allow(role: "kspm-audit", actions: Self.actions)
      try await moto.enableSignatureChecking()
      try await Self.scan(
        moto: moto, folder: folder,
        settings: Self.keys(base.credentials).merging([
          "credentials.role_arn": roleARN, "credentials.external_id": "ext-7731",
        ]) { $1 }, secrets: [base.credentials.secretAccessKey.value])
    }
  }

  @Test(.timeLimit(.minutes(3))) func webIdentityFromTheEnvironment() async throws {
    try await MotoServer.withServer { moto in
      _ = try await EKSWorld.create(on: moto)
      let folder = try temporaryFolder()
      defer { try? FileManager.default.removeItem(at: folder) }
      let tokenFile = folder.appendingPathComponent("token")
      let token = "eyJhbGciOiJSUzI1NiJ9.PLANTED-WEB-IDENTITY.sig"
      try token.write(to: tokenFile, atomically: true, encoding: .utf8)
      // Nothing configured: the default chain finds IRSA's variables.
      try await Self.scan(
        moto: moto, folder: folder, settings: [:],
        environment: [
          "AWS_WEB_IDENTITY_TOKEN_FILE": tokenFile.path,
          "AWS_ROLE_ARN": "arn:aws:iam::123456789012:role/kspm-irsa",
        ], secrets: [token])
    }
  }
}
