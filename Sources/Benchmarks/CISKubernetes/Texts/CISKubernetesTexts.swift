/// Our own prose for every cis_k8s v1.0.1 rule, keyed by rule number.
enum CISKubernetesTexts {
  static let texts: [String: RuleText] = [
    section11, section12, section13, section14, section2, section41, section42, section51, section52,
  ].reduce(into: [:]) { all, section in
    all.merge(section) { _, _ in preconditionFailure("a rule number appears in two sections") }
  }
}
