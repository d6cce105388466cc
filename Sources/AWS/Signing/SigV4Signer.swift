import Crypto
import Foundation
import KSPMCore

/// AWS Signature Version 4: signs an ``AWSRequest`` in its `Authorization` header
/// (``sign(_:credentials:region:service:date:)``) or in its query string, as a presigned URL
/// (``presign(_:credentials:region:service:date:expires:)``).
///
/// The rules are those of every AWS service except S3: the path is normalised and encoded twice
/// (the wire path once more), every header present is signed except hop-by-hop ones and
/// `User-Agent`, a session token is sent as `X-Amz-Security-Token` and signed with the rest.
public struct SigV4Signer: Sendable {
  /// The hex SHA-256 of an empty payload.
  public static let emptyPayloadHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

  /// Choices that differ between services (and between the cases of the public test suite).
  public struct Options: Sendable, Equatable {
    /// Remove `.`, `..` and empty path segments before encoding (every service but S3).
    public var normalizePath: Bool
    /// Add the session token before signing so that it is signed (the default); false adds it
    /// after signing, unsigned, as a few services want.
    public var signSessionToken: Bool
    /// Add a signed `x-amz-content-sha256` header with the payload hash (S3 needs it; header
    /// signing only).
    public var addContentSHA256Header: Bool
    /// Hash the body for the canonical request (the default); false always uses
    /// ``SigV4Signer/emptyPayloadHash``.
    public var hashPayload: Bool

    public init(
      normalizePath: Bool = true, signSessionToken: Bool = true, addContentSHA256Header: Bool = false,
      hashPayload: Bool = true
    ) {
      self.normalizePath = normalizePath
      self.signSessionToken = signSessionToken
      self.addContentSHA256Header = addContentSHA256Header
      self.hashPayload = hashPayload
    }
  }

  public var options: Options

  public init(options: Options = Options()) {
    self.options = options
  }

  /// `request` with `X-Amz-Date`, `X-Amz-Security-Token` (temporary credentials) and
  /// `Authorization` headers, plus the intermediate texts. A `Host` header is added first when
  /// the request has none. Earlier signing headers are replaced.
  public func sign(
    _ request: AWSRequest, credentials: AWSCredentials, region: String, service: String, date: Date
  ) -> SigV4SignedRequest {
    let time = SigV4Time(date)
    var signed = Self.withHost(request)
    signed.headers.removeAll { Self.signingHeaders.contains($0.name.lowercased()) }
    let payloadHash = self.payloadHash(request.body)
    if let token = credentials.sessionToken {
      signed.headers.append(("X-Amz-Security-Token", token.value))
    }
    signed.headers.append(("X-Amz-Date", time.stamp))
    if options.addContentSHA256Header {
      signed.headers.append(("x-amz-content-sha256", payloadHash))
    }
    let toSign = signed.headers.filter { header in
      let name = header.name.lowercased()
      return !SigV4Canonical.unsignedHeaders.contains(name)
        && (options.signSessionToken || name != "x-amz-security-token")
    }
    let scope = time.scope(region: region, service: service)
    let result = compute(
      signed, headers: toSign, payloadHash: payloadHash, credentials: credentials, time: time, scope: scope,
      region: region, service: service)
    signed.headers.append(
      (
        "Authorization",
        "\(Self.algorithm) Credential=\(credentials.accessKeyID)/\(scope), SignedHeaders=\(result.signedHeaders), "
          + "Signature=\(result.signature)"
      ))
    return SigV4SignedRequest(
      request: signed, canonicalRequest: result.canonicalRequest, stringToSign: result.stringToSign,
      signature: result.signature)
  }

  /// `request` with the signature in its query (`X-Amz-Algorithm`, `X-Amz-Credential`,
  /// `X-Amz-Date`, `X-Amz-SignedHeaders`, `X-Amz-Expires`, `X-Amz-Security-Token`,
  /// `X-Amz-Signature`, appended in that order), valid for `expires` seconds from `date`.
  public func presign(
    _ request: AWSRequest, credentials: AWSCredentials, region: String, service: String, date: Date,
    expires: Int
  ) -> SigV4SignedRequest {
    let time = SigV4Time(date)
    var signed = Self.withHost(request)
    signed.query.removeAll { Self.presignParameters.contains($0.name.lowercased()) }
    let toSign = signed.headers.filter { !SigV4Canonical.unsignedHeaders.contains($0.name.lowercased()) }
    let scope = time.scope(region: region, service: service)
    signed.query += [
      ("X-Amz-Algorithm", Self.algorithm), ("X-Amz-Credential", "\(credentials.accessKeyID)/\(scope)"),
      ("X-Amz-Date", time.stamp), ("X-Amz-SignedHeaders", SigV4Canonical.headers(toSign).signed),
      ("X-Amz-Expires", String(expires)),
    ]
    let token = credentials.sessionToken.map { ("X-Amz-Security-Token", $0.value) }
    if let token, options.signSessionToken { signed.query.append(token) }
    let result = compute(
      signed, headers: toSign, payloadHash: payloadHash(request.body), credentials: credentials, time: time,
      scope: scope, region: region, service: service)
    if let token, !options.signSessionToken { signed.query.append(token) }
    signed.query.append(("X-Amz-Signature", result.signature))
    return SigV4SignedRequest(
      request: signed, canonicalRequest: result.canonicalRequest, stringToSign: result.stringToSign,
      signature: result.signature)
  }

  /// The signing key: HMAC-SHA256 of `aws4_request` under the key of `service` under `region`
  /// under the day under `AWS4` + the secret.
  public static func signingKey(secret: ConfigSecret, day: String, region: String, service: String) -> SymmetricKey {
    var key = SymmetricKey(data: Array(("AWS4" + secret.value).utf8))
    for part in [day, region, service, "aws4_request"] {
      key = SymmetricKey(data: Array(HMAC<SHA256>.authenticationCode(for: Array(part.utf8), using: key)))
    }
    return key
  }

  // MARK: Steps

  static let algorithm = "AWS4-HMAC-SHA256"
  /// Headers this signer writes (replaced when a request is signed again).
  private static let signingHeaders: Set<String> = [
    "authorization", "x-amz-date", "x-amz-security-token", "x-amz-content-sha256",
  ]
  private static let presignParameters: Set<String> = [
    "x-amz-algorithm", "x-amz-credential", "x-amz-date", "x-amz-signedheaders", "x-amz-expires",
    "x-amz-security-token", "x-amz-signature",
  ]

  private struct Computed {
    var canonicalRequest: String
    var stringToSign: String
    var signature: String
    var signedHeaders: String
  }

  private func compute(
    _ request: AWSRequest, headers: [(name: String, value: String)], payloadHash: String,
    credentials: AWSCredentials, time: SigV4Time, scope: String, region: String, service: String
  ) -> Computed {
    let (block, signedHeaders) = SigV4Canonical.headers(headers)
    let canonicalRequest = [
      request.method.uppercased(), SigV4Canonical.uri(request.path, normalize: options.normalizePath),
      SigV4Canonical.query(request.query), block, signedHeaders, payloadHash,
    ].joined(separator: "\n")
    let stringToSign = [Self.algorithm, time.stamp, scope, Hex.sha256(Array(canonicalRequest.utf8))]
      .joined(separator: "\n")
    let key = Self.signingKey(secret: credentials.secretAccessKey, day: time.day, region: region, service: service)
    let signature = Hex.encode(HMAC<SHA256>.authenticationCode(for: Array(stringToSign.utf8), using: key))
    return Computed(
      canonicalRequest: canonicalRequest, stringToSign: stringToSign, signature: signature,
      signedHeaders: signedHeaders)
  }

  private func payloadHash(_ body: [UInt8]) -> String {
    options.hashPayload ? Hex.sha256(body) : Self.emptyPayloadHash
  }

  /// `request` with a `Host` header first when it has none.
  private static func withHost(_ request: AWSRequest) -> AWSRequest {
    var request = request
    if request.header("host") == nil { request.headers.insert(("Host", request.host), at: 0) }
    return request
  }
}
