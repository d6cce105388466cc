import Foundation
import KSPMCore

/// Credentials from a container endpoint: EKS Pod Identity and ECS.
///
/// - `AWS_CONTAINER_CREDENTIALS_FULL_URI`: an `https` URL, or an `http` URL on a loopback
///   address or the ECS/EKS link-local addresses (`169.254.170.2`, `169.254.170.23`,
///   `fd00:ec2::23`); else `AWS_CONTAINER_CREDENTIALS_RELATIVE_URI` below `http://169.254.170.2`.
/// - The `Authorization` header comes from `AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE` (read again
///   on every fetch, as Pod Identity rotates it; it wins) or `AWS_CONTAINER_AUTHORIZATION_TOKEN`.
public struct ContainerCredentialProvider: AWSCredentialProvider {
  public let name = "container credentials endpoint"
  private let environment: AWSEnvironment
  private let transport: AWSTransport

  public init(environment: AWSEnvironment, transport: AWSTransport) {
    self.environment = environment
    self.transport = transport
  }

  /// Hosts a plain-HTTP full URI may name.
  static let allowedHTTPHosts: Set<String> = ["localhost", "169.254.170.2", "169.254.170.23", "fd00:ec2::23", "::1"]

  public func credentials() async throws -> AWSCredentials {
    let url = try endpointURL()
    var headers: [(name: String, value: String)] = []
    if let authorization = try authorization() { headers.append(("Authorization", authorization)) }
    let response: AWSResponse
    do {
      response = try await transport.metadata(
        "GET", url: url, headers: headers, service: "container-credentials", operation: "GET")
    } catch let error as AWSError {
      throw AWSCredentialsError(.failed, provider: name, message: "\(url): \(error.message)", underlying: error)
    }
    guard response.status == 200 else {
      let decoded = AWSErrorDecoder.decode(response, protocol: .restJSON)
      throw AWSCredentialsError(
        .failed, provider: name,
        message: "\(url) answered HTTP \(response.status)" + (decoded.code.hasPrefix("HTTP") ? "" : " \(decoded.code)")
          + (decoded.message.isEmpty ? "" : ": \(decoded.message)"))
    }
    return try MetadataCredentialsDocument.parse(response.body, source: "container endpoint \(url)", provider: name)
  }

  /// The URL to ask, or `.notConfigured` without either variable.
  private func endpointURL() throws(AWSCredentialsError) -> String {
    if let full = environment["AWS_CONTAINER_CREDENTIALS_FULL_URI"] {
      guard let components = URLComponents(string: full), let scheme = components.scheme?.lowercased(),
        let host = components.host?.lowercased()
      else {
        throw AWSCredentialsError(.failed, provider: name, message: "AWS_CONTAINER_CREDENTIALS_FULL_URI is not a URL")
      }
      let bare = host.hasPrefix("[") ? String(host.dropFirst().dropLast()) : host
      guard scheme == "https" || (scheme == "http" && (Self.allowedHTTPHosts.contains(bare) || bare.hasPrefix("127.")))
      else {
        throw AWSCredentialsError(
          .failed, provider: name,
          message: "AWS_CONTAINER_CREDENTIALS_FULL_URI must be https, or http on a loopback address, 169.254.170.2, "
            + "169.254.170.23 or fd00:ec2::23 (got host \(host))")
      }
      return full
    }
    if let relative = environment["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"] {
      return "http://169.254.170.2" + (relative.hasPrefix("/") ? relative : "/" + relative)
    }
    throw AWSCredentialsError(
      .notConfigured, provider: name,
      message: "AWS_CONTAINER_CREDENTIALS_FULL_URI and AWS_CONTAINER_CREDENTIALS_RELATIVE_URI are not set")
  }

  /// The `Authorization` value: the token file's content (trimmed), else the variable.
  private func authorization() throws(AWSCredentialsError) -> String? {
    var value = environment["AWS_CONTAINER_AUTHORIZATION_TOKEN"]
    if let file = environment["AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE"] {
      guard let data = FileManager.default.contents(atPath: file) else {
        throw AWSCredentialsError(.failed, provider: name, message: "cannot read the token file \(file)")
      }
      value = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
    guard let value else { return nil }
    guard !value.isEmpty, !value.contains(where: { $0 == "\r" || $0 == "\n" }) else {
      throw AWSCredentialsError(
        .failed, provider: name, message: "the authorization token is empty or has a line break")
    }
    return value
  }
}
