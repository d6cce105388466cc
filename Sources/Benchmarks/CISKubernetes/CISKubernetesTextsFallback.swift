// Placeholder so this branch builds before the rule prose lands. The prose branch defines
// `CISKubernetesTexts` in `CISKubernetes/Texts/`; DELETE THIS FILE when merging it (the compiler
// reports a duplicate `CISKubernetesTexts` until then). Rules without text get empty strings.
enum CISKubernetesTexts {
  static let texts: [String: RuleText] = [:]
}
