/// An HTTP answer from an AWS endpoint.
public struct AWSResponse: Sendable {
  public var status: Int
  public var headers: [(name: String, value: String)]
  public var body: [UInt8]

  public init(status: Int, headers: [(name: String, value: String)] = [], body: [UInt8] = []) {
    self.status = status
    self.headers = headers
    self.body = body
  }

  /// The first value of the header `name` (any case).
  public func header(_ name: String) -> String? {
    let wanted = name.lowercased()
    return headers.first { $0.name.lowercased() == wanted }?.value
  }
}

/// One call of an AWS operation before it is addressed and signed: the transport adds the host,
/// the signature and retries.
public struct AWSOperation: Sendable {
  /// The operation's name, for messages (`AssumeRole`).
  public var name: String
  public var method: String
  /// The wire path below the endpoint (percent-encoded), `/` for the query and JSON protocols.
  public var path: String
  /// Query parameters, not encoded.
  public var query: [(name: String, value: String)]
  public var headers: [(name: String, value: String)]
  public var body: [UInt8]
  /// False for the few operations that take no signature (`AssumeRoleWithWebIdentity`).
  public var signed: Bool

  public init(
    name: String, method: String = "POST", path: String = "/", query: [(name: String, value: String)] = [],
    headers: [(name: String, value: String)] = [], body: [UInt8] = [], signed: Bool = true
  ) {
    self.name = name
    self.method = method
    self.path = path
    self.query = query
    self.headers = headers
    self.body = body
    self.signed = signed
  }
}
