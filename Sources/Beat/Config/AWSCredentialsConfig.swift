import KSPMCore

/// AWS credentials for the EKS benchmark (`kspmbeat.config.v1.aws.credentials`), as libbeat's
/// `aws.ConfigAWS` and Fleet's `cis_eks` policy spell them.
///
/// Precedence (applied by the AWS client, not here): any of the static keys set → static keys; else
/// the shared credentials file with the optional profile, else the default chain; `roleARN` then wraps
/// whichever via STS AssumeRole. Secret values are ``ConfigSecret``s, so descriptions never show them.
public struct AWSCredentialsConfig: Sendable, Equatable {
  public var accessKeyID: String?
  public var secretAccessKey: ConfigSecret?
  public var sessionToken: ConfigSecret?
  /// Path of a shared credentials file (`~` expanded).
  public var sharedCredentialFile: String?
  public var credentialProfileName: String?
  /// A role to assume with STS.
  public var roleARN: String?
  /// The external id for AssumeRole.
  public var externalID: String?
  public var defaultRegion: String?
  /// Fleet's description of which of the above it filled (`direct_access_keys`, `assume_role`, …);
  /// informational only.
  public var type: String?

  public init(
    accessKeyID: String? = nil, secretAccessKey: ConfigSecret? = nil, sessionToken: ConfigSecret? = nil,
    sharedCredentialFile: String? = nil, credentialProfileName: String? = nil, roleARN: String? = nil,
    externalID: String? = nil, defaultRegion: String? = nil, type: String? = nil
  ) {
    self.accessKeyID = accessKeyID
    self.secretAccessKey = secretAccessKey
    self.sessionToken = sessionToken
    self.sharedCredentialFile = sharedCredentialFile
    self.credentialProfileName = credentialProfileName
    self.roleARN = roleARN
    self.externalID = externalID
    self.defaultRegion = defaultRegion
    self.type = type
  }

  /// Whether nothing at all is set (use the default AWS credential chain).
  public var isEmpty: Bool { self == AWSCredentialsConfig() }
}

extension AWSCredentialsConfig {
  static let keys: Set<String> = [
    "access_key_id", "secret_access_key", "session_token", "shared_credential_file", "credential_profile_name",
    "role_arn", "external_id", "default_region", "type",
  ]

  static func read(_ section: ConfigSection?) throws(ConfigError) -> AWSCredentialsConfig {
    guard let section else { return AWSCredentialsConfig() }
    section.warnUnknown(keys)
    let config = AWSCredentialsConfig(
      accessKeyID: try section.nonEmptyString("access_key_id"),
      secretAccessKey: try section.secret("secret_access_key"),
      sessionToken: try section.secret("session_token"),
      sharedCredentialFile: try section.path("shared_credential_file"),
      credentialProfileName: try section.nonEmptyString("credential_profile_name"),
      roleARN: try section.nonEmptyString("role_arn"),
      externalID: try section.nonEmptyString("external_id"),
      defaultRegion: try section.nonEmptyString("default_region"),
      type: try section.nonEmptyString("type"))
    if config.accessKeyID != nil, config.secretAccessKey == nil {
      throw section.error("secret_access_key", "is required with access_key_id")
    }
    if config.secretAccessKey != nil, config.accessKeyID == nil {
      throw section.error("access_key_id", "is required with secret_access_key")
    }
    if config.sessionToken != nil, config.accessKeyID == nil {
      throw section.error("session_token", "needs access_key_id and secret_access_key")
    }
    if let arn = config.roleARN, !arn.hasPrefix("arn:") {
      throw section.error("role_arn", "\(ConfigSection.quote(arn)) is not an ARN (arn:aws:iam::<account>:role/<name>)")
    }
    return config
  }
}
