import KSPMCore

/// CIS Kubernetes Benchmark (Elastic's `cis_k8s` v1.0.1, "CIS Kubernetes V1.23"): 92 rules on
/// control-plane and worker-node files, control-plane and kubelet processes, RBAC and Pods.
public struct CISKubernetes: Benchmark {
  public static let info = BenchmarkInfo(
    id: "cis_k8s", name: "CIS Kubernetes V1.23", version: "v1.0.1", postureType: "kspm")

  public let info: BenchmarkInfo
  /// Every rule with its target and check, in rule-number order.
  public let benchmarkRules: [BenchmarkRule]
  public let rules: [RuleMetadata]
  public let collectionPlan: CollectionPlan
  private let index: RuleIndex

  /// - Parameter texts: rule prose by rule number (our own prose when `nil`); rules without an
  ///   entry get empty strings.
  public init(texts: [String: RuleText]? = nil) {
    let texts = texts ?? CISKubernetesTexts.texts
    let info = Self.info
    self.info = info
    let benchmarkRules = Self.definitions.map { definition in
      let text = texts[definition.number]
      let metadata = RuleMetadata(
        id: RuleMetadata.ruleID(benchmarkName: info.name, title: definition.title, number: definition.number),
        name: definition.title, ruleNumber: definition.number, section: definition.section,
        profileApplicability: "* " + definition.profile, benchmark: info,
        description: text?.description ?? "", rationale: text?.rationale ?? "", audit: text?.audit ?? "",
        remediation: text?.remediation ?? "", impact: text?.impact ?? "", defaultValue: text?.defaultValue ?? "",
        references: text?.references ?? "", version: "1.0")
      return BenchmarkRule(metadata: metadata, target: definition.target, check: definition.check)
    }
    self.benchmarkRules = benchmarkRules
    rules = benchmarkRules.map(\.metadata)
    index = RuleIndex(benchmarkRules)
    collectionPlan = CollectionPlan(
      filePatterns: [
        Self.schedulerConf, Self.controllerManagerConf, Self.adminConf, Self.kubeletKubeconfig, Self.etcdManifest,
        Self.apiServerManifest, Self.controllerManagerManifest, Self.schedulerManifest,
        Self.etcdDataDir + "/**", Self.pkiDir + "/**",
      ] + Self.kubeletServiceFiles,
      processes: [
        ProcessSpec(
          name: Self.etcdProcess, configFlags: ["config-file"], environmentFlags: Self.etcdEnvironmentFlags,
          exclusiveConfigFile: Self.etcdConfigFile),
        ProcessSpec(name: Self.apiServerProcess),
        ProcessSpec(name: Self.controllerManagerProcess), ProcessSpec(name: Self.schedulerProcess),
        ProcessSpec(name: Self.kubeletProcess, configFlags: ["config"]),
      ],
      kubernetesKinds: KubernetesKind.collected)
  }

  public func evaluate(_ resource: Resource) -> [RuleFinding] { index.evaluate(resource) }
}
