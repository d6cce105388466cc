import KSPMCore

/// The AWS settings of the configuration, as plain values (libbeat's `aws` credential keys):
/// static keys, a shared credentials file and profile, a role to assume, the region and an
/// endpoint override. ``AWSCredentialProviders/client(for:environment:options:)`` turns them into
/// a client.
///
/// Secrets are ``ConfigSecret``s: printing the settings never shows them.
public struct AWSCredentialSettings: Sendable, Equatable {
  public var accessKeyID: String?
  public var secretAccessKey: ConfigSecret?
  public var sessionToken: ConfigSecret?
  /// A credentials file in place of `AWS_SHARED_CREDENTIALS_FILE` / `~/.aws/credentials`
  /// (read as a credentials file: `[name]` sections).
  public var sharedCredentialsFile: String?
  /// The profile to use; naming one pins the shared files (environment keys are not used).
  public var profile: String?
  /// A role assumed (STS `AssumeRole`) with whichever credentials the rest gives.
  public var roleARN: String?
  public var externalID: String?
  /// Default `kspmbeat-<unix seconds>`.
  public var roleSessionName: String?
  /// Default: STS's (one hour).
  public var assumeRoleDurationSeconds: Int?
  /// Temporary credentials are renewed when less than this remains.
  public var refreshAhead: Duration
  /// The region of API calls (libbeat's `default_region`); default `AWS_REGION`,
  /// `AWS_DEFAULT_REGION`, else `us-east-1`.
  public var region: String?
  /// One endpoint for every service: a URL, or a domain in place of `amazonaws.com`
  /// (``AWSEndpoints/override``).
  public var endpoint: String?

  public init(
    accessKeyID: String? = nil, secretAccessKey: ConfigSecret? = nil, sessionToken: ConfigSecret? = nil,
    sharedCredentialsFile: String? = nil, profile: String? = nil, roleARN: String? = nil, externalID: String? = nil,
    roleSessionName: String? = nil, assumeRoleDurationSeconds: Int? = nil, refreshAhead: Duration = .seconds(300),
    region: String? = nil, endpoint: String? = nil
  ) {
    self.accessKeyID = accessKeyID
    self.secretAccessKey = secretAccessKey
    self.sessionToken = sessionToken
    self.sharedCredentialsFile = sharedCredentialsFile
    self.profile = profile
    self.roleARN = roleARN
    self.externalID = externalID
    self.roleSessionName = roleSessionName
    self.assumeRoleDurationSeconds = assumeRoleDurationSeconds
    self.refreshAhead = refreshAhead
    self.region = region
    self.endpoint = endpoint
  }

  /// ``region``, else the environment's (`AWS_REGION`, `AWS_DEFAULT_REGION`), else `us-east-1`.
  public func resolvedRegion(environment: AWSEnvironment) -> String {
    region.flatMap { $0.isEmpty ? nil : $0 } ?? environment.region ?? "us-east-1"
  }

  /// Whether any of the static keys is set (then they are the only base credentials).
  public var hasStaticKeys: Bool {
    [accessKeyID, secretAccessKey?.value, sessionToken?.value].contains { $0?.isEmpty == false }
  }
}
