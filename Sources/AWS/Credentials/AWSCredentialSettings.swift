import KSPMCore

/// The credential settings of the configuration, as plain values (libbeat's `aws` credential
/// keys): static keys, a shared credentials file and profile, a role to assume.
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

  public init(
    accessKeyID: String? = nil, secretAccessKey: ConfigSecret? = nil, sessionToken: ConfigSecret? = nil,
    sharedCredentialsFile: String? = nil, profile: String? = nil, roleARN: String? = nil, externalID: String? = nil,
    roleSessionName: String? = nil, assumeRoleDurationSeconds: Int? = nil, refreshAhead: Duration = .seconds(300)
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
  }

  /// Whether any of the static keys is set (then they are the only base credentials).
  public var hasStaticKeys: Bool {
    [accessKeyID, secretAccessKey?.value, sessionToken?.value].contains { $0?.isEmpty == false }
  }
}
