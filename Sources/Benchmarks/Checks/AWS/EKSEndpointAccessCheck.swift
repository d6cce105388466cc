import Foundation
import KSPMCore

/// Who can reach an EKS cluster's API endpoint, from `Cluster.ResourcesVpcConfig`:
/// `EndpointPrivateAccess`, `EndpointPublicAccess` and `PublicAccessCidrs`.
///
/// Unset values take EKS's defaults: public access on, private access off, and a public endpoint
/// without CIDRs open to `0.0.0.0/0`. A CIDR with prefix length 0 (`0.0.0.0/0`, `::/0`, or any
/// `x/0`) admits every address. Evidence: the three settings as judged, the defaults applied, and
/// for ``Policy/restricted`` the CIDRs open to everyone.
public struct EKSEndpointAccessCheck: CloudResourceCheck, Hashable {
  public enum Policy: String, Sendable, Hashable {
    /// The private endpoint is on, and the public one is off or limited to listed networks (no
    /// CIDR admits every address).
    case restricted
    /// The private endpoint is on and the public one off.
    case privateOnly
  }

  public var policy: Policy

  public init(_ policy: Policy) { self.policy = policy }

  /// What EKS uses for a public endpoint given no CIDRs.
  public static let defaultPublicAccessCidrs = ["0.0.0.0/0"]

  public func evaluate(_ resource: CloudResource) -> Evaluation {
    .judgingEKSCluster(resource) { cluster in
      guard let vpc = cluster["ResourcesVpcConfig"]?.objectValue else {
        return .notEvaluated("Cluster.ResourcesVpcConfig is missing or not an object")
      }
      var defaults = JSONObject()
      func flag(_ key: String, default value: Bool) -> Bool {
        if let given = vpc[key]?.boolValue { return given }
        defaults[key] = .bool(value)
        return value
      }
      let privateAccess = flag("EndpointPrivateAccess", default: false)
      let publicAccess = flag("EndpointPublicAccess", default: true)
      var cidrs = (vpc["PublicAccessCidrs"]?.arrayValue ?? []).compactMap(\.stringValue)
      if publicAccess && cidrs.isEmpty {
        cidrs = Self.defaultPublicAccessCidrs
        defaults["PublicAccessCidrs"] = .array(cidrs.map { .string($0) })
      }
      let open = publicAccess ? cidrs.filter(Self.admitsEveryAddress) : []
      let passed =
        switch policy {
        case .restricted: privateAccess && (!publicAccess || open.isEmpty)
        case .privateOnly: privateAccess && !publicAccess
        }
      var evidence = JSONObject()
      evidence["EndpointPrivateAccess"] = .bool(privateAccess)
      evidence["EndpointPublicAccess"] = .bool(publicAccess)
      evidence["PublicAccessCidrs"] = .array(cidrs.map { .string($0) })
      if policy == .restricted { evidence["open_cidrs"] = .array(open.map { .string($0) }) }
      if !defaults.isEmpty { evidence["defaults"] = .object(defaults) }
      return Evaluation(passed ? .passed : .failed, evidence: .object(evidence), expected: expected)
    }
  }

  /// Whether a CIDR has prefix length 0.
  static func admitsEveryAddress(_ cidr: String) -> Bool {
    guard let slash = cidr.lastIndex(of: "/") else { return false }
    return Int(cidr[cidr.index(after: slash)...].trimmingCharacters(in: .whitespaces)) == 0
  }

  var expected: JSONValue {
    switch policy {
    case .restricted: ["EndpointPrivateAccess": true, "open_cidrs": []]
    case .privateOnly: ["EndpointPrivateAccess": true, "EndpointPublicAccess": false]
    }
  }

  public var description: String {
    switch policy {
    case .restricted: "private endpoint on; public endpoint off or closed to 0.0.0.0/0"
    case .privateOnly: "private endpoint on, public endpoint off"
    }
  }
}
