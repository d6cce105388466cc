import Foundation
import KSPMCore

/// Who can reach an EKS cluster's API endpoint, from `Cluster.ResourcesVpcConfig`:
/// `EndpointPrivateAccess`, `EndpointPublicAccess` and `PublicAccessCidrs`.
///
/// Unset (missing or null) values take EKS's defaults: public access on, private access off, and a
/// public endpoint without CIDRs open to `0.0.0.0/0`. A CIDR with prefix length 0 (`0.0.0.0/0`,
/// `::/0`, or any `x/0`) admits every address. A missing `ResourcesVpcConfig` (EKS always returns
/// one) or a value of the wrong type is not evaluated. Evidence: the settings as judged, the
/// defaults applied, and for ``Policy/restricted`` the CIDRs and those open to everyone
/// (``Policy/privateOnly`` reads no CIDRs).
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
    .judgingEKSCluster(resource) { cluster throws(AWSShapeError) in
      guard let vpc = try cluster.object("ResourcesVpcConfig") else {
        return .notEvaluated("Cluster.ResourcesVpcConfig is missing")
      }
      var defaults = JSONObject()
      func flag(_ key: String, default value: Bool) throws(AWSShapeError) -> Bool {
        if let given = try vpc.bool(key) { return given }
        defaults[key] = .bool(value)
        return value
      }
      let privateAccess = try flag("EndpointPrivateAccess", default: false)
      let publicAccess = try flag("EndpointPublicAccess", default: true)
      var evidence = JSONObject()
      evidence["EndpointPrivateAccess"] = .bool(privateAccess)
      evidence["EndpointPublicAccess"] = .bool(publicAccess)
      let passed: Bool
      switch policy {
      case .restricted:
        var cidrs = try vpc.strings("PublicAccessCidrs") ?? []
        if publicAccess && cidrs.isEmpty {
          cidrs = Self.defaultPublicAccessCidrs
          defaults["PublicAccessCidrs"] = .array(cidrs.map { .string($0) })
        }
        let open = publicAccess ? cidrs.filter(Self.admitsEveryAddress) : []
        evidence["PublicAccessCidrs"] = .array(cidrs.map { .string($0) })
        evidence["open_cidrs"] = .array(open.map { .string($0) })
        passed = privateAccess && (!publicAccess || open.isEmpty)
      case .privateOnly:
        passed = privateAccess && !publicAccess
      }
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
