/// A recommendation of the CIS document that kspmbeat does not check: a person audits it. It is
/// listed in a scan's coverage with its audit text and never yields a finding (Kibana has no rule
/// for it).
public struct ManualRule: Sendable, Hashable {
  /// `1.2.1`.
  public let number: String
  public let section: String
  /// `Level 1 - Master Node`.
  public let profile: String
  /// The recommendation's title as the CIS document words it.
  public let title: String
  /// How to assess it by hand, in our own words.
  public let audit: String

  public init(_ number: String, _ section: String, _ profile: String, _ title: String, audit: String) {
    self.number = number
    self.section = section
    self.profile = profile
    self.title = title
    self.audit = audit
  }
}
