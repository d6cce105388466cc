import Foundation
import KSPMCore

/// A classic load balancer's `LoadBalancerDescription` (query-protocol XML) as the Go SDK's
/// struct marshals to JSON, which Elastic's ELB policy reads.
///
/// - Element names are kept (they are already the SDK's field names: `DNSName`, `VPCId`,
///   `SSLCertificateId`).
/// - A list (`<member>` items, or an empty list element) becomes an array.
/// - Ports, health-check settings and cookie periods become numbers; `CreatedTime` an RFC 3339
///   string as Go writes it; other values stay strings.
/// - Every `Listener` has all five fields, `null` when absent (`SSLCertificateId` of an HTTP
///   listener), as the SDK writes a nil pointer: the policy tests `SSLCertificateId == null`.
enum ClassicELBDescription {
  /// Elements that hold lists in `LoadBalancerDescription`.
  static let listNames: Set<String> = [
    "AvailabilityZones", "Subnets", "SecurityGroups", "Instances", "ListenerDescriptions", "PolicyNames",
    "BackendServerDescriptions", "AppCookieStickinessPolicies", "LBCookieStickinessPolicies", "OtherPolicies",
  ]
  /// Elements that hold integers.
  static let integerNames: Set<String> = [
    "LoadBalancerPort", "InstancePort", "Interval", "Timeout", "UnhealthyThreshold", "HealthyThreshold",
    "CookieExpirationPeriod",
  ]
  /// The fields of a `Listener`.
  static let listenerFields = ["Protocol", "LoadBalancerPort", "InstanceProtocol", "InstancePort", "SSLCertificateId"]

  /// One `<member>` of `LoadBalancerDescriptions`.
  static func json(_ element: XMLReader.Element) -> JSONValue {
    convert(element, name: "LoadBalancerDescription")
  }

  private static func convert(_ element: XMLReader.Element, name: String) -> JSONValue {
    if listNames.contains(name)
      || (!element.children.isEmpty && element.children.allSatisfy { $0.localName == "member" })
    {
      return .array(element.children.map { convert($0, name: "member") })
    }
    if element.children.isEmpty {
      let text = element.text.trimmingXMLWhitespace()
      if integerNames.contains(name), let number = Int64(text) { return .int(number) }
      if name == "CreatedTime", let date = Timestamp.parse(text) { return .string(GoSDKShape.rfc3339(date)) }
      return .string(text)
    }
    var object = JSONObject()
    for child in element.children {
      let key = String(child.localName)
      object[key] = convert(child, name: key)
    }
    if name == "Listener" {
      var listener = JSONObject()
      for field in listenerFields { listener[field] = object[field] ?? .null }
      for member in object.members where listener[member.key] == nil { listener[member.key] = member.value }
      object = listener
    }
    return .object(object)
  }
}
