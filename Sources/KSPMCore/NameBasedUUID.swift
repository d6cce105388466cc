import Foundation

/// RFC 4122 name-based UUIDs (version 5, SHA-1), the scheme behind rule ids and resource ids.
public enum NameBasedUUID {
  /// `6ba7b810-9dad-11d1-80b4-00c04fd430c8`, the RFC 4122 DNS namespace (used for rule ids).
  public static let dnsNamespace = UUID(uuidString: "6ba7b810-9dad-11d1-80b4-00c04fd430c8")!
  /// `971a1103-6b5d-4b60-ab3d-8a339a58c6c8`, the namespace cloudbeat hashes resource ids in.
  public static let resourceNamespace = UUID(uuidString: "971a1103-6b5d-4b60-ab3d-8a339a58c6c8")!

  /// The version-5 UUID of `name` in `namespace`, lower-case.
  public static func v5(namespace: UUID, name: String) -> String {
    var input: [UInt8] = []
    withUnsafeBytes(of: namespace.uuid) { input.append(contentsOf: $0) }
    input.append(contentsOf: Array(name.utf8))
    var digest = Array(SHA1.hash(input).prefix(16))
    digest[6] = (digest[6] & 0x0F) | 0x50
    digest[8] = (digest[8] & 0x3F) | 0x80
    return format(digest)
  }

  /// A random (version 4) UUID string, lower-case.
  public static func random() -> String { UUID().uuidString.lowercased() }

  static func format(_ bytes: [UInt8]) -> String {
    let hex = Array("0123456789abcdef".utf8)
    var out: [UInt8] = []
    out.reserveCapacity(36)
    for (i, b) in bytes.enumerated() {
      if i == 4 || i == 6 || i == 8 || i == 10 { out.append(UInt8(ascii: "-")) }
      out.append(hex[Int(b >> 4)])
      out.append(hex[Int(b & 0xF)])
    }
    return String(decoding: out, as: UTF8.self)
  }
}
