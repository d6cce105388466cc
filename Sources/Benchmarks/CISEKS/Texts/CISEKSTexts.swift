/// Our own prose for every cis_eks v1.0.1 rule, keyed by rule number.
enum CISEKSTexts {
  static let texts: [String: RuleText] = [section21, section31, section32, section42, section5].reduce(into: [:]) {
    all, section in
    all.merge(section) { _, _ in preconditionFailure("a rule number appears in two sections") }
  }
}
