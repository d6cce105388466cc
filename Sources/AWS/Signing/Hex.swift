import Crypto

/// Lower-case hex, as SigV4 writes hashes and signatures.
enum Hex {
  static func encode<Bytes: Sequence<UInt8>>(_ bytes: Bytes) -> String {
    var out: [UInt8] = []
    for byte in bytes {
      out.append(digits[Int(byte >> 4)])
      out.append(digits[Int(byte & 0x0F)])
    }
    return String(decoding: out, as: UTF8.self)
  }

  static func encode(_ code: HashedAuthenticationCode<SHA256>) -> String {
    encode(Array(code))
  }

  /// The hex SHA-256 of `bytes`.
  static func sha256(_ bytes: [UInt8]) -> String {
    encode(Array(SHA256.hash(data: bytes)))
  }

  private static let digits = Array("0123456789abcdef".utf8)
}
