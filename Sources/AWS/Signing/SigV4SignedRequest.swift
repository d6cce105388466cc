/// A signed request and the texts that produced its signature (for tests and for diagnosing a
/// `SignatureDoesNotMatch`).
///
/// The canonical request may hold a session token, so the description shows only the request's
/// own redacted description and the signature's first characters.
public struct SigV4SignedRequest: Sendable, CustomStringConvertible, CustomDebugStringConvertible,
  CustomReflectable
{
  /// The request to send.
  public var request: AWSRequest
  /// The canonical request (step 1 of SigV4).
  public var canonicalRequest: String
  /// The string to sign (step 2).
  public var stringToSign: String
  /// The lower-case hex signature.
  public var signature: String

  public init(request: AWSRequest, canonicalRequest: String, stringToSign: String, signature: String) {
    self.request = request
    self.canonicalRequest = canonicalRequest
    self.stringToSign = stringToSign
    self.signature = signature
  }

  public var description: String { "signed \(request) (signature \(signature.prefix(8))…)" }
  public var debugDescription: String { description }
  public var customMirror: Mirror { Mirror(self, children: ["request": request], displayStyle: .struct) }
}
