import Foundation
import KSPMCore

/// Turns AWS answers into the shape of the AWS SDK for Go's structs marshalled to JSON, which
/// is what Elastic's KSPM policies read: PascalCase field names (`resourcesVpcConfig` →
/// `ResourcesVpcConfig`, `arn` → `Arn`) and timestamps as RFC 3339 strings.
public enum GoSDKShape {
  /// `value` with every object key's first letter upper-cased, recursively.
  ///
  /// - The members of an object under a key in `preservingKeysUnder` (user data such as `tags`)
  ///   keep their keys.
  /// - A number under a key ending in `At` (`createdAt`: epoch seconds on the wire) becomes an
  ///   RFC 3339 string (``rfc3339(_:)``), as Go's `time.Time` marshals.
  public static func pascalCased(_ value: JSONValue, preservingKeysUnder: Set<String> = ["tags"]) -> JSONValue {
    switch value {
    case .array(let items):
      return .array(items.map { pascalCased($0, preservingKeysUnder: preservingKeysUnder) })
    case .object(let object):
      var out = JSONObject()
      for member in object.members {
        let key = pascalCase(member.key)
        let converted: JSONValue
        if preservingKeysUnder.contains(member.key) {
          converted = member.value
        } else if member.key.hasSuffix("At"), let seconds = member.value.doubleValue {
          converted = .string(rfc3339(Date(timeIntervalSince1970: seconds)))
        } else {
          converted = pascalCased(member.value, preservingKeysUnder: preservingKeysUnder)
        }
        out[key] = converted
      }
      return .object(out)
    default:
      return value
    }
  }

  /// `key` with its first letter upper-cased (`publicAccessCidrs` → `PublicAccessCidrs`).
  public static func pascalCase(_ key: String) -> String {
    guard let first = key.first, first.isLowercase else { return key }
    return first.uppercased() + key.dropFirst()
  }

  /// A date as Go's `time.Time` marshals to JSON in UTC: RFC 3339 with as many fractional digits
  /// as needed (none for whole seconds): `2024-05-01T10:00:00Z`, `2024-05-01T10:00:00.25Z`.
  public static func rfc3339(_ date: Date) -> String {
    // Microseconds, rounded: epoch seconds as a Double carry no more precision than that.
    let micros = Int64((date.timeIntervalSince1970 * 1e6).rounded())
    let (seconds, fraction) = micros.quotientAndRemainder(dividingBy: 1_000_000)
    let whole = fraction < 0 ? seconds - 1 : seconds
    var text = Timestamp.format(Date(timeIntervalSince1970: Double(whole)), fractionDigits: 0)
    text.removeLast()  // Z
    var digits = String(fraction < 0 ? fraction + 1_000_000 : fraction)
    guard digits != "0" else { return text + "Z" }
    digits = String(repeating: "0", count: 6 - digits.count) + digits
    while digits.hasSuffix("0") { digits.removeLast() }
    return text + "." + digits + "Z"
  }
}
