import KSPMCore

/// What a describe-by-names call found: the resources (in the Go SDK's PascalCase shape), the
/// names AWS does not know, and the names whose lookup failed for another reason.
public struct AWSLookupResult: Sendable, Equatable {
  /// One name that could not be described, and why.
  public struct Failure: Sendable, Equatable {
    public var name: String
    public var error: AWSError

    public init(name: String, error: AWSError) {
      self.name = name
      self.error = error
    }
  }

  /// The resources AWS returned, in the order of the answers.
  public var items: [JSONValue]
  /// Names AWS reported as not existing (deleted, or never created), in request order.
  public var notFound: [String]
  /// Names refused for another per-name reason (`AccessDeniedException` on one repository, an
  /// invalid name), in request order.
  public var failures: [Failure]

  public init(items: [JSONValue] = [], notFound: [String] = [], failures: [Failure] = []) {
    self.items = items
    self.notFound = notFound
    self.failures = failures
  }
}
