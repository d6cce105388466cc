import Beat
import KSPMCore
import Testing

@Suite struct AWSConfigTests {
  @Test func theEKSSettingsAreReadAsThePolicySendsThem() throws {
    let text = """
      kspmbeat.config.v1:
        aws:
          credentials:
            access_key_id: AKIDEXAMPLE
            secret_access_key: s3cr3t-v4lue
            external_id: ext-42
            role_arn: "arn:aws:iam::123456789012:role/kspm"
          region: eu-west-1
          endpoint: http://127.0.0.1:5000
          cluster_name: prod

      """ + minimalOutput
    let loaded = try loadConfig(text)
    #expect(loaded.warnings.isEmpty)
    let aws = loaded.config.aws
    #expect(aws.region == "eu-west-1")
    #expect(aws.endpoint == "http://127.0.0.1:5000")
    #expect(aws.clusterName == "prod")
    #expect(aws.credentials.externalID == "ext-42")
    #expect(aws.credentials.roleARN == "arn:aws:iam::123456789012:role/kspm")
    #expect(loaded.config.secretValues.contains("s3cr3t-v4lue"))
  }

  @Test func theRegionFallsBackToTheCredentialsDefaultRegion() throws {
    let loaded = try loadConfig("kspmbeat.config.v1.aws.credentials.default_region: ap-south-1\n" + minimalOutput)
    #expect(loaded.config.aws.region == nil)
    #expect(loaded.config.aws.configuredRegion == "ap-south-1")
    let both = try loadConfig(
      "kspmbeat.config.v1.aws: {region: us-west-2, credentials.default_region: ap-south-1}\n" + minimalOutput)
    #expect(both.config.aws.configuredRegion == "us-west-2")
  }

  static let invalid: [InvalidConfigCase] = [
    .init(
      "kspmbeat.config.v1.aws.region: US East",
      #"kspmbeat.config.v1.aws.region: "US East" is not an AWS region name (like us-east-1)"#),
    .init(
      "kspmbeat.config.v1.aws.endpoint: 127.0.0.1:5000",
      #"kspmbeat.config.v1.aws.endpoint: "127.0.0.1:5000" is not an http(s) URL (like https://vpce-1234.amazonaws.com)"#
    ),
    .init(
      "kspmbeat.config.v1.aws.endpoint: ftp://aws.example",
      #"kspmbeat.config.v1.aws.endpoint: "ftp://aws.example" is not an http(s) URL (like https://vpce-1234.amazonaws.com)"#
    ),
    .init(
      "kspmbeat.config.v1.aws.endpoint: https://user:pa55word@aws.example",
      "kspmbeat.config.v1.aws.endpoint: must not carry a user name or password"),
    .init(
      "kspmbeat.config.v1.aws.credentials.access_key_id: AKIDEXAMPLE",
      "kspmbeat.config.v1.aws.credentials.secret_access_key: is required with access_key_id"),
  ]

  @Test(arguments: invalid) func invalidAWSSettingsNameTheKey(_ invalid: InvalidConfigCase) throws {
    let error = configError(invalid.text + "\n" + minimalOutput)
    #expect(error?.description == "kspmbeat.yml: \(invalid.error)")
  }

  @Test func anUnknownAWSKeyWarnsAndNamesItsPath() throws {
    let loaded = try loadConfig("kspmbeat.config.v1.aws.regoin: us-east-1\n" + minimalOutput)
    #expect(loaded.warnings == ["kspmbeat.config.v1.aws.regoin: unknown setting"])
  }

  @Test func aScanReadsTheKspmbeatSettingsWithoutAnyOutput() throws {
    let loaded = try ScanConfig.load(
      file: nil,
      overrides: [
        "kspmbeat.config.v1.aws.credentials.access_key_id=AKIDEXAMPLE",
        "kspmbeat.config.v1.aws.credentials.secret_access_key=s3cr3t-v4lue",
        "kspmbeat.config.v1.aws.endpoint=http://127.0.0.1:5000", "kspmbeat.config.v1.aws.region=us-east-1",
        "kspmbeat.config.v1.aws.cluster_name=prod", "kspmbeat.host_root=/h", "kspmbeat.data_stream.namespace=team",
      ], environment: [:])
    #expect(loaded.warnings.isEmpty)
    #expect(loaded.config.aws.credentials.accessKeyID == "AKIDEXAMPLE")
    #expect(loaded.config.aws.endpoint == "http://127.0.0.1:5000")
    #expect(loaded.config.aws.clusterName == "prod")
    #expect(loaded.config.hostRoot == "/h")
    #expect(loaded.config.dataStreamNamespace == "team")
    #expect(loaded.config.secretValues == ["s3cr3t-v4lue"])
    // The AWS secret never shows in what the model prints.
    #expect(!String(describing: loaded.config).contains("s3cr3t-v4lue"))
  }

  @Test func aScanConfigErrorNamesTheSourceAndKey() {
    do {
      let loaded = try ScanConfig.load(
        file: nil, overrides: ["kspmbeat.config.v1.aws.region=Nowhere"], environment: [:])
      Issue.record("expected an error, loaded \(loaded.config)")
    } catch {
      #expect(
        error.description
          == #"-E kspmbeat.config.v1.aws.region: "Nowhere" is not an AWS region name (like us-east-1)"#
      )
    }
  }
}

@Suite struct AWSEngineSettingsTests {
  @Test func theDaemonsPlanCarriesTheAWSSettingsAndAChangeRestartsTheCycles() throws {
    let text = """
      kspmbeat.config.v1:
        benchmark: cis_eks
        aws: {region: eu-west-1, endpoint: "https://vpce-0a1b.eks.eu-west-1.vpce.amazonaws.com", cluster_name: prod,
              credentials: {role_arn: "arn:aws:iam::123456789012:role/kspm", external_id: ext-1,
                            credential_profile_name: security}}

      """ + minimalOutput
    let config = try loadConfig(text).config
    let plan = EngineSettings.plan(config, environment: [:])
    #expect(plan.benchmark.info.id == "cis_eks")
    let aws = try #require(plan.aws)
    #expect(aws.region == "eu-west-1")
    #expect(aws.endpoint == "https://vpce-0a1b.eks.eu-west-1.vpce.amazonaws.com")
    #expect(aws.clusterName == "prod")
    #expect(aws.credentials.roleARN == "arn:aws:iam::123456789012:role/kspm")
    #expect(aws.credentials.externalID == "ext-1")
    #expect(aws.credentials.profile == "security")
    var changed = config
    changed.aws.clusterName = "staging"
    #expect(EngineSettings.restarted(from: config, to: changed, environment: [:]) == ["cycles"])
  }
}
