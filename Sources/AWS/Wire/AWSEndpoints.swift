import Foundation

/// Where a request for a service in a region goes: scheme, host (with a non-default port),
/// a path prefix, and the region the signature is scoped to.
public struct AWSEndpoint: Sendable, Equatable, CustomStringConvertible {
  /// `https` or `http`.
  public var scheme: String
  /// The `Host` header: the host name (IPv6 in brackets), `:port` when not the scheme's default.
  public var host: String
  /// A path prefix from an override URL (`/proxy`), or empty.
  public var basePath: String
  public var signingRegion: String

  public init(scheme: String, host: String, basePath: String = "", signingRegion: String) {
    self.scheme = scheme
    self.host = host
    self.basePath = basePath
    self.signingRegion = signingRegion
  }

  /// `https://sts.us-east-1.amazonaws.com`.
  public var description: String { "\(scheme)://\(host)\(basePath)" }
}

/// Endpoint rules: the standard AWS host names, or one override for every service.
public struct AWSEndpoints: Sendable, Equatable {
  /// One endpoint for every service (private endpoints, test servers): a URL
  /// (`http://127.0.0.1:5000`, `https://vpce-1.example.com`) used as it is, or, without a scheme,
  /// a domain that replaces `amazonaws.com` (`https://<prefix>.<region>.<domain>`), as libbeat's
  /// `endpoint` setting does. `nil`: the standard endpoints.
  public var override: String?
  /// STS in the region of the client (`sts.<region>.amazonaws.com`, the default, as current SDKs);
  /// false: the global `sts.amazonaws.com` (`AWS_STS_REGIONAL_ENDPOINTS=legacy`).
  public var regionalSTS: Bool

  public init(override: String? = nil, regionalSTS: Bool = true) {
    self.override = override
    self.regionalSTS = regionalSTS
  }

  /// Why an endpoint cannot be built.
  public struct Invalid: Error, Sendable, Equatable, CustomStringConvertible {
    public var description: String
  }

  /// The endpoint of `service` in `region`.
  public func resolve(_ service: AWSService, region: String) throws(Invalid) -> AWSEndpoint {
    let global = service.globalEndpoint.flatMap { endpoint in
      region == "aws-global" || (service == .sts && !regionalSTS) ? endpoint : nil
    }
    if global == nil {
      guard Self.isRegionName(region) else {
        throw Invalid(description: "region \"\(region)\" is not a region name like us-east-1")
      }
    }
    let signingRegion = global?.signingRegion ?? region
    guard let override, !override.isEmpty else {
      let domain = region.hasPrefix("cn-") ? "amazonaws.com.cn" : "amazonaws.com"
      return AWSEndpoint(
        scheme: "https", host: global?.host ?? "\(service.endpointPrefix).\(region).\(domain)",
        signingRegion: signingRegion)
    }
    guard override.contains("://") else {
      guard Self.isHostName(override) else {
        throw Invalid(description: "endpoint \"\(override)\" is neither a URL nor a domain name")
      }
      let host = global.map { _ in "\(service.endpointPrefix).\(override)" }
      return AWSEndpoint(
        scheme: "https", host: host ?? "\(service.endpointPrefix).\(region).\(override)", signingRegion: signingRegion)
    }
    return try Self.endpoint(url: override, signingRegion: signingRegion)
  }

  /// The endpoint an override URL names; the URL's path becomes the prefix of every request path.
  static func endpoint(url text: String, signingRegion: String) throws(Invalid) -> AWSEndpoint {
    guard let url = URLComponents(string: text), let scheme = url.scheme?.lowercased(),
      scheme == "http" || scheme == "https", var host = url.host, !host.isEmpty
    else {
      throw Invalid(description: "endpoint \(text) is not an http(s) URL")
    }
    guard url.user == nil, url.password == nil, url.query == nil, url.fragment == nil else {
      throw Invalid(description: "endpoint \(text) must not hold credentials, a query or a fragment")
    }
    if host.contains(":"), !host.hasPrefix("[") { host = "[\(host)]" }
    if let port = url.port, port != (scheme == "https" ? 443 : 80) { host += ":\(port)" }
    var path = url.percentEncodedPath
    while path.hasSuffix("/") { path.removeLast() }
    return AWSEndpoint(scheme: scheme, host: host, basePath: path, signingRegion: signingRegion)
  }

  /// Lower-case letters, digits and `-` (`us-east-1`, `us-gov-west-1`): nothing that could
  /// change the host a request goes to.
  static func isRegionName(_ region: String) -> Bool {
    !region.isEmpty && region.utf8.count <= 64
      && region.utf8.allSatisfy { ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2D }
  }

  /// Letters, digits, `-` and `.`.
  static func isHostName(_ host: String) -> Bool {
    !host.isEmpty && host.utf8.count <= 253
      && host.utf8.allSatisfy { byte in
        (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x30 && byte <= 0x39)
          || byte == 0x2D || byte == 0x2E
      }
  }
}
