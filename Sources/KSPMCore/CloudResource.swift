/// A kind of cloud-provider resource a benchmark reads: "the EKS cluster description", "an ECR
/// repository", "a classic load balancer". Rules target it as they target a Kubernetes kind.
public struct CloudResourceKind: Sendable, Hashable, CustomStringConvertible {
  /// `aws`.
  public var provider: String
  /// `cloud.service.name`: `EKS`, `ECR`, `ELB`.
  public var service: String
  /// `resource.type`.
  public var type: ResourceType
  /// `resource.sub_type`: `aws-eks`, `aws-ecr`, `aws-elb`.
  public var subType: String
  /// What it is, for people: `EKS cluster`.
  public var title: String

  public init(provider: String, service: String, type: ResourceType, subType: String, title: String) {
    self.provider = provider
    self.service = service
    self.type = type
    self.subType = subType
    self.title = title
  }

  public var description: String { title }
}

/// One cloud-provider resource as its rules read it.
public struct CloudResource: Sendable, Hashable {
  public var kind: CloudResourceKind
  /// Its own identity (an ARN): part of the document id, so resources sharing a `resource.id`
  /// stay distinct documents.
  public var id: String
  /// `resource.name`.
  public var name: String
  /// The region it lives in, when it has one.
  public var region: String?
  /// The account that owns it.
  public var accountID: String?
  /// `resource.raw`: the resource in the provider's own shape (the AWS API's PascalCase fields).
  public var raw: JSONValue

  public init(
    kind: CloudResourceKind, id: String, name: String, region: String? = nil, accountID: String? = nil,
    raw: JSONValue
  ) {
    self.kind = kind
    self.id = id
    self.name = name
    self.region = region
    self.accountID = accountID
    self.raw = raw
  }
}

/// The cloud account a cycle runs against (`cloud.*` of every document of a cloud benchmark).
public struct CloudContext: Sendable, Hashable {
  /// `aws`.
  public var provider: String
  public var accountID: String?
  public var accountName: String?
  public var region: String?

  public init(provider: String, accountID: String? = nil, accountName: String? = nil, region: String? = nil) {
    self.provider = provider
    self.accountID = accountID
    self.accountName = accountName
    self.region = region
  }
}
