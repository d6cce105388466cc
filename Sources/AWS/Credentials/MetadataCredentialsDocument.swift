import Foundation
import KSPMCore

/// The JSON that IMDS and container endpoints answer with:
/// `{"AccessKeyId", "SecretAccessKey", "Token", "Expiration"}` (IMDS adds `"Code": "Success"`).
enum MetadataCredentialsDocument {
  /// The credentials in `body`; the error says why there are none (without any secret).
  static func parse(_ body: [UInt8], source: String, provider: String) throws(AWSCredentialsError) -> AWSCredentials {
    func failure(_ message: String) -> AWSCredentialsError {
      AWSCredentialsError(.failed, provider: provider, message: message)
    }
    guard let document = try? JSONParser.parse(body), document.objectValue != nil else {
      throw failure("the answer is not a JSON object")
    }
    if let code = document["Code"]?.stringValue, code != "Success" {
      let message = document["Message"]?.stringValue ?? ""
      throw failure("the endpoint says \(code)" + (message.isEmpty ? "" : ": \(message)"))
    }
    guard let key = document["AccessKeyId"]?.stringValue, !key.isEmpty,
      let secret = document["SecretAccessKey"]?.stringValue, !secret.isEmpty
    else {
      throw failure("the answer lacks AccessKeyId or SecretAccessKey")
    }
    var expiration: Date?
    if let text = document["Expiration"]?.stringValue {
      guard let date = Timestamp.parse(text) else { throw failure("Expiration is not an RFC 3339 time") }
      expiration = date
    }
    let token = document["Token"]?.stringValue.flatMap { $0.isEmpty ? nil : ConfigSecret($0) }
    return AWSCredentials(
      accessKeyID: key, secretAccessKey: ConfigSecret(secret), sessionToken: token, expiration: expiration,
      source: source)
  }
}
