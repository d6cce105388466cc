/// One HTTP request to an AWS API, before or after signing.
///
/// The signer and the transport share this shape: the transport builds it, ``SigV4Signer`` adds
/// its headers (or query parameters) and the transport sends exactly what was signed.
///
/// Its description names the method, host, path and header names only: after signing it holds the
/// `Authorization` header and possibly a session token, which must never reach a log line.
public struct AWSRequest: Sendable {
  /// `GET`, `POST`, … in upper case.
  public var method: String
  /// The `Host` header's value: the host name, with `:port` when the port is not the scheme's
  /// default (SigV4 signs it as sent).
  public var host: String
  /// The absolute path as it goes on the wire, already percent-encoded (build labels with
  /// ``AWSPercentEncoding/encode(_:keepSlash:)``). The signer encodes it once more for the
  /// canonical URI, as SigV4 wants for every service but S3.
  public var path: String
  /// Query parameters, not encoded, in the order they are sent (duplicates allowed).
  public var query: [(name: String, value: String)]
  /// Header fields in order; a name may appear more than once.
  public var headers: [(name: String, value: String)]
  public var body: [UInt8]

  public init(
    method: String, host: String, path: String = "/", query: [(name: String, value: String)] = [],
    headers: [(name: String, value: String)] = [], body: [UInt8] = []
  ) {
    self.method = method
    self.host = host
    self.path = path
    self.query = query
    self.headers = headers
    self.body = body
  }

  /// The first value of the header `name` (any case), or `nil`.
  public func header(_ name: String) -> String? {
    let wanted = name.lowercased()
    return headers.first { $0.name.lowercased() == wanted }?.value
  }

  /// `name=value&…` with each part percent-encoded, in ``query`` order; empty without parameters.
  public var encodedQuery: String { AWSPercentEncoding.encode(pairs: query) }

  /// The request target: ``path`` and, when there are parameters, `?` and ``encodedQuery``.
  public var target: String {
    query.isEmpty ? path : path + "?" + encodedQuery
  }
}

extension AWSRequest: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
  /// `POST sts.us-east-1.amazonaws.com/ (headers: host, x-amz-date, authorization)`: no header
  /// values, no query, no body.
  public var description: String {
    let names = headers.map { $0.name.lowercased() }.joined(separator: ", ")
    return "\(method) \(host)\(path) (headers: \(names))"
  }
  public var debugDescription: String { description }
  public var customMirror: Mirror {
    Mirror(self, children: ["method": method, "host": host, "path": path], displayStyle: .struct)
  }
}
