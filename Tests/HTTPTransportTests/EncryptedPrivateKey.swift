import Crypto
import Foundation
import _CryptoExtras

/// `pem` (an unencrypted private key) encrypted with `passphrase` the way OpenSSL's
/// `-aes128` option writes it: `Proc-Type: 4,ENCRYPTED`, `DEK-Info: AES-128-CBC,<IV>`, the key
/// being MD5(passphrase ‖ first 8 bytes of the IV) (EVP_BytesToKey, one round).
func encryptedPrivateKeyPEM(_ pem: String, passphrase: String) throws -> String {
  let lines = pem.split(whereSeparator: \.isNewline).map(String.init)
  guard let begin = lines.first, begin.hasPrefix("-----BEGIN "), let end = lines.last, end.hasPrefix("-----END "),
    let der = Data(base64Encoded: lines.dropFirst().dropLast().joined())
  else {
    throw EncryptionError()
  }
  let iv = (0..<16).map { _ in UInt8.random(in: 0...255) }
  let key = SymmetricKey(data: Data(Insecure.MD5.hash(data: Array(passphrase.utf8) + iv.prefix(8))))
  let encrypted = try AES._CBC.encrypt(der, using: key, iv: try AES._CBC.IV(ivBytes: iv))
  let body = encrypted.base64EncodedString(options: [.lineLength64Characters, .endLineWithLineFeed])
  let ivHex = iv.map { String(format: "%02X", $0) }.joined()
  return "\(begin)\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,\(ivHex)\n\n\(body)\n\(end)\n"
}

struct EncryptionError: Error {}
