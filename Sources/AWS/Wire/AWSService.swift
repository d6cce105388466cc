/// The wire protocol of an AWS API (how requests are written and errors read).
public enum AWSProtocol: Sendable, Equatable {
  /// `awsQuery`: form-encoded `POST /` with `Action` and `Version`; XML answers (STS, ELB).
  case query
  /// `awsJson1_1`: `POST /` with `X-Amz-Target: <prefix>.<operation>` and a JSON body (ECR).
  case json11(targetPrefix: String)
  /// `restJson1`: an HTTP method and path per operation, JSON bodies (EKS).
  case restJSON
}

/// What a client needs to know about one AWS service: where it lives, how it signs, how it
/// talks.
public struct AWSService: Sendable, Equatable {
  /// The host prefix: `sts` in `sts.us-east-1.amazonaws.com`, `api.ecr` for ECR.
  public var endpointPrefix: String
  /// The SigV4 service name (`sts`, `ecr`, `eks`, `elasticloadbalancing`).
  public var signingName: String
  public var wireProtocol: AWSProtocol
  /// The API version (`2011-06-15`); the query protocol sends it as `Version`.
  public var apiVersion: String
  /// A partition-wide endpoint, used for the region `aws-global` (and for STS when regional
  /// endpoints are turned off).
  public var globalEndpoint: GlobalEndpoint?

  /// A host that serves every region of the `aws` partition, and the region it signs for.
  public struct GlobalEndpoint: Sendable, Equatable {
    public var host: String
    public var signingRegion: String

    public init(host: String, signingRegion: String) {
      self.host = host
      self.signingRegion = signingRegion
    }
  }

  public init(
    endpointPrefix: String, signingName: String, wireProtocol: AWSProtocol, apiVersion: String,
    globalEndpoint: GlobalEndpoint? = nil
  ) {
    self.endpointPrefix = endpointPrefix
    self.signingName = signingName
    self.wireProtocol = wireProtocol
    self.apiVersion = apiVersion
    self.globalEndpoint = globalEndpoint
  }

  /// AWS Security Token Service (query protocol, `2011-06-15`); global endpoint
  /// `sts.amazonaws.com` signing for `us-east-1`.
  public static let sts = AWSService(
    endpointPrefix: "sts", signingName: "sts", wireProtocol: .query, apiVersion: "2011-06-15",
    globalEndpoint: GlobalEndpoint(host: "sts.amazonaws.com", signingRegion: "us-east-1"))
}
