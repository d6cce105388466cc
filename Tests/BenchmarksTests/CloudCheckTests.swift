import Benchmarks
import KSPMCore
import Testing

@Suite struct EKSControlPlaneLoggingCheckTests {
  let check = EKSControlPlaneLoggingCheck()

  @Test func evidenceListsWhatIsOnAndWhatIsMissing() {
    let entries: JSONValue = [
      ["Types": ["api", "audit"], "Enabled": true],
      ["Types": ["authenticator", "controllerManager", "scheduler"], "Enabled": false],
    ]
    let evaluation = check.evaluate(EKSFixture.cluster([.set("Logging", "ClusterLogging", to: entries)]))
    #expect(evaluation.result == .failed)
    #expect(evaluation.evidence["enabled_types"] == ["api", "audit"])
    #expect(evaluation.evidence["missing_types"] == ["authenticator", "controllerManager", "scheduler"])
    #expect(evaluation.evidence["cluster_logging"] == entries)
    #expect(
      evaluation.expected == ["enabled_types": ["api", "audit", "authenticator", "controllerManager", "scheduler"]])
  }

  @Test("one missing type fails", arguments: EKSControlPlaneLoggingCheck.logTypes)
  func oneMissingType(missing: String) {
    let types = EKSControlPlaneLoggingCheck.logTypes.filter { $0 != missing }.map { JSONValue.string($0) }
    let evaluation = check.evaluate(
      EKSFixture.cluster([.set("Logging", "ClusterLogging", to: [["Types": .array(types), "Enabled": true]])]))
    #expect(evaluation.result == .failed)
    #expect(evaluation.evidence["missing_types"] == [.string(missing)])
  }

  @Test func aTypeBothEnabledAndDisabledCountsAsEnabledAndUnknownTypesAreIgnored() {
    let evaluation = check.evaluate(
      EKSFixture.cluster([
        .set(
          "Logging", "ClusterLogging",
          to: [
            ["Types": ["api", "audit", "authenticator", "controllerManager", "scheduler", "future"], "Enabled": true],
            ["Types": ["api"], "Enabled": false],
          ])
      ]))
    #expect(evaluation.result == .passed)
    #expect(evaluation.evidence["missing_types"] == [])
  }

  @Test func aFieldOfTheWrongTypeIsNotEvaluatedAndTheReasonNamesIt() {
    let evaluation = check.evaluate(
      EKSFixture.cluster([
        .set(
          "Logging", "ClusterLogging",
          to: [["Types": ["api"], "Enabled": false], ["Types": ["audit"], "Enabled": "yes"]])
      ]))
    #expect(evaluation.result == .notEvaluated)
    #expect(evaluation.notEvaluatedReason == "Cluster.Logging.ClusterLogging[1].Enabled is a string, not a boolean")
  }

  @Test func anEntryWithoutEnabledIsOff() {
    let evaluation = check.evaluate(
      EKSFixture.cluster([
        .set(
          "Logging", "ClusterLogging",
          to: [["Types": ["api", "audit", "authenticator", "controllerManager", "scheduler"]]])
      ]))
    #expect(evaluation.result == .failed)
  }
}

@Suite struct EKSSecretsEncryptionCheckTests {
  let check = EKSSecretsEncryptionCheck()

  @Test func evidenceIsTheEncryptionConfigAsGiven() {
    let evaluation = check.evaluate(EKSFixture.cluster())
    #expect(evaluation.result == .passed)
    #expect(evaluation.evidence["encryption_config"] == EKSFixture.clusterRaw[path: "Cluster", "EncryptionConfig"])
  }

  @Test func oneGoodEntryAmongOthersPasses() {
    let config: JSONValue = [
      ["Resources": ["configmaps"], "Provider": ["KeyArn": "arn:aws:kms:eu-west-1:111122223333:key/a"]],
      ["Resources": ["secrets"], "Provider": ["KeyArn": "arn:aws:kms:eu-west-1:111122223333:alias/eks"]],
    ]
    #expect(check.evaluate(EKSFixture.cluster([.set("EncryptionConfig", to: config)])).result == .passed)
  }

  @Test func aMissingProviderFailsAndAWrongShapeIsNotEvaluated() {
    let noProvider = check.evaluate(EKSFixture.cluster([.set("EncryptionConfig", to: [["Resources": ["secrets"]]])]))
    #expect(noProvider.result == .failed)
    let wrong = check.evaluate(EKSFixture.cluster([.set("EncryptionConfig", to: "secrets")]))
    #expect(wrong.result == .notEvaluated)
    #expect(wrong.notEvaluatedReason == "Cluster.EncryptionConfig is a string, not a list")
    let key = check.evaluate(
      EKSFixture.cluster([.set("EncryptionConfig", to: [["Resources": ["secrets"], "Provider": ["KeyArn": 5]]])]))
    #expect(key.notEvaluatedReason == "Cluster.EncryptionConfig[0].Provider.KeyArn is a number, not a string")
  }
}

@Suite struct EKSEndpointAccessCheckTests {
  static func vpc(_ privateAccess: Bool?, _ publicAccess: Bool?, _ cidrs: [String]?) -> CloudResource {
    EKSFixture.cluster(
      EKSGolden.endpoint(
        private: privateAccess.map { .bool($0) }, public: publicAccess.map { .bool($0) },
        cidrs: cidrs.map { .array($0.map { .string($0) }) }))
  }

  @Test func evidenceShowsTheSettingsTheDefaultsAndTheOpenRanges() {
    let evaluation = EKSEndpointAccessCheck(.restricted).evaluate(Self.vpc(true, nil, nil))
    #expect(evaluation.result == .failed)
    #expect(evaluation.evidence["EndpointPrivateAccess"] == true)
    #expect(evaluation.evidence["EndpointPublicAccess"] == true)
    #expect(evaluation.evidence["PublicAccessCidrs"] == ["0.0.0.0/0"])
    #expect(evaluation.evidence["open_cidrs"] == ["0.0.0.0/0"])
    #expect(evaluation.evidence["defaults"] == ["EndpointPublicAccess": true, "PublicAccessCidrs": ["0.0.0.0/0"]])
  }

  @Test func aClosedPublicEndpointIgnoresItsCIDRs() {
    let evaluation = EKSEndpointAccessCheck(.restricted).evaluate(Self.vpc(true, false, ["0.0.0.0/0"]))
    #expect(evaluation.result == .passed)
    #expect(evaluation.evidence["open_cidrs"] == [])
    #expect(evaluation.evidence["defaults"] == nil)
  }

  @Test(
    "ranges that admit every address",
    arguments: [
      ("0.0.0.0/0", true), ("::/0", true), ("10.0.0.0/0", true), (" 0.0.0.0/00", true), ("0.0.0.0/1", false),
      ("203.0.113.0/24", false), ("0.0.0.0", false), ("not a cidr", false),
    ])
  func admitsEveryAddress(cidr: String, open: Bool) {
    let evaluation = EKSEndpointAccessCheck(.restricted).evaluate(Self.vpc(true, true, [cidr]))
    #expect(evaluation.result == (open ? .failed : .passed), "\(cidr)")
  }

  @Test func aMissingVpcConfigOrAWrongTypeIsNotEvaluated() {
    let missing = EKSEndpointAccessCheck(.privateOnly).evaluate(
      EKSFixture.cluster([.set("ResourcesVpcConfig", to: nil)]))
    #expect(missing.notEvaluatedReason == "Cluster.ResourcesVpcConfig is missing")
    let wrong = EKSEndpointAccessCheck(.restricted).evaluate(
      EKSFixture.cluster([.set("ResourcesVpcConfig", "PublicAccessCidrs", to: "0.0.0.0/0")]))
    #expect(wrong.notEvaluatedReason == "Cluster.ResourcesVpcConfig.PublicAccessCidrs is a string, not a list")
    let noCluster = EKSEndpointAccessCheck(.restricted).evaluate(EKSFixture.cloud(.eksCluster, "prod", name: "prod"))
    #expect(noCluster.notEvaluatedReason == "resource.raw has no Cluster object (the EKS DescribeCluster output)")
  }

  @Test func privateOnlyShowsNoRanges() {
    let evaluation = EKSEndpointAccessCheck(.privateOnly).evaluate(Self.vpc(true, false, []))
    #expect(evaluation.result == .passed)
    #expect(evaluation.evidence["open_cidrs"] == nil)
    #expect(evaluation.expected == ["EndpointPrivateAccess": true, "EndpointPublicAccess": false])
  }
}

@Suite struct ECRScanOnPushCheckTests {
  @Test func evidenceNamesTheRepositoryAndTheSetting() {
    let on = ECRScanOnPushCheck().evaluate(EKSFixture.repository())
    #expect(on.result == .passed)
    #expect(on.evidence == ["repository": "shop/web", "ScanOnPush": true])
    #expect(on.expected == ["ScanOnPush": true])
    let unset = ECRScanOnPushCheck().evaluate(EKSFixture.repository([.set("ImageScanningConfiguration", to: nil)]))
    #expect(unset.result == .failed)
    #expect(unset.evidence["ScanOnPush"] == "unset (default false)")
    let wrong = ECRScanOnPushCheck().evaluate(EKSFixture.repository([.set("ImageScanningConfiguration", to: [true])]))
    #expect(wrong.notEvaluatedReason == "ImageScanningConfiguration is a list, not an object")
  }
}

@Suite struct ELBListenerTLSCheckTests {
  let check = ELBListenerTLSCheck()

  @Test func onlyTheOffendingListenersAreEvidence() {
    let good = EKSFixture.listener("HTTPS", certificate: EKSFixture.certificate)
    let plain = EKSFixture.listener("HTTP", port: 80)
    let evaluation = check.evaluate(EKSFixture.loadBalancer(listeners: [good, plain]))
    #expect(evaluation.result == .failed)
    #expect(evaluation.evidence["load_balancer"] == "a1b2c3d4e5f60718293a4b5c6d7e8f90")
    #expect(evaluation.evidence["listeners"] == [plain])
  }

  @Test func aPassingLoadBalancerShowsEveryListenerAndTheBackendProtocol() {
    let evaluation = check.evaluate(EKSFixture.loadBalancer())
    #expect(evaluation.result == .passed)
    let listener = EKSFixture.loadBalancerRaw["ListenerDescriptions"]?.arrayValue?.first?["Listener"]
    #expect(evaluation.evidence["listeners"] == .array([listener ?? .null]))
    #expect(evaluation.evidence[path: "listeners"]?.arrayValue?.first?["InstanceProtocol"] == "HTTP")
  }

  @Test func protocolsAreComparedWithoutCase() {
    let evaluation = check.evaluate(
      EKSFixture.loadBalancer(listeners: [EKSFixture.listener("https", certificate: EKSFixture.certificate)]))
    #expect(evaluation.result == .passed)
  }

  @Test func aWrongTypeIsNotEvaluatedAndTheReasonNamesTheListener() {
    let evaluation = check.evaluate(
      EKSFixture.loadBalancer(listeners: [
        EKSFixture.listener("HTTPS", certificate: EKSFixture.certificate), ["Protocol": 443, "SSLCertificateId": "x"],
      ]))
    #expect(evaluation.notEvaluatedReason == "ListenerDescriptions[1].Listener.Protocol is a number, not a string")
  }

  @Test func anEmptyCertificateIdFails() {
    let evaluation = check.evaluate(
      EKSFixture.loadBalancer(listeners: [EKSFixture.listener("SSL", backend: "SSL", certificate: "")]))
    #expect(evaluation.result == .failed)
  }
}

@Suite struct NodeExternalAddressCheckTests {
  @Test func evidenceListsTheExternalAddresses() {
    let evaluation = NodeExternalAddressCheck().evaluate(
      EKSFixture.node([("InternalIP", "10.0.1.23"), ("ExternalIP", "54.170.10.20"), ("ExternalIP", "2001:db8::1")]))
    #expect(evaluation.result == .failed)
    #expect(evaluation.evidence["external_ips"] == ["54.170.10.20", "2001:db8::1"])
    #expect(evaluation.evidence[path: "node", "name"] == "ip-10-0-1-23.eu-west-1.compute.internal")
    #expect(evaluation.expected == ["external_ips": []])
  }

  @Test func aNodeWithoutStatusPasses() {
    #expect(
      NodeExternalAddressCheck().evaluate(Fixture.object(["kind": "Node", "metadata": ["name": "n"]])).result == .passed
    )
  }
}
