import Foundation
import KSPMCore

/// The credentials of a profile in the shared files (`~/.aws/credentials`, `~/.aws/config`),
/// read again on every fetch.
///
/// A profile gives static keys (`aws_access_key_id`, `aws_secret_access_key`,
/// `aws_session_token`), or a role (`role_arn` with `source_profile`, `credential_source` or
/// `web_identity_token_file`; `external_id`, `role_session_name`, `duration_seconds`) assumed with
/// those. `credential_process` and SSO profiles are reported as unsupported.
public struct ProfileCredentialProvider: AWSCredentialProvider {
  public let name: String
  private let profile: String
  private let files: AWSSharedConfigFiles
  /// Whether the profile was asked for by name (then a missing profile is an error, not a pass).
  private let required: Bool
  private let sources: AWSCredentialSources

  public init(profile: String, files: AWSSharedConfigFiles, required: Bool, sources: AWSCredentialSources) {
    self.profile = profile
    self.files = files
    self.required = required
    self.sources = sources
    name = "profile \(profile) (\(files))"
  }

  public func credentials() async throws -> AWSCredentials {
    let config = try files.load(provider: name)
    guard config.profiles[profile] != nil else {
      throw AWSCredentialsError(
        required ? .failed : .notConfigured, provider: name, message: "there is no profile \(profile)")
    }
    return try await resolve(profile, in: config, visited: [])
  }

  private func resolve(_ profile: String, in config: AWSSharedConfig, visited: [String]) async throws
    -> AWSCredentials
  {
    guard !visited.contains(profile) else {
      throw failure("source_profile makes a loop: \((visited + [profile]).joined(separator: " → "))")
    }
    guard let values = config.profiles[profile] else {
      throw failure("source_profile \(profile) is not in the files")
    }
    let keys = staticKeys(values, profile: profile)
    guard let roleARN = values["role_arn"] else {
      if let keys { return keys }
      if values["credential_process"] != nil {
        throw failure("profile \(profile) uses credential_process, which kspmbeat does not run")
      }
      if values["sso_session"] != nil || values["sso_start_url"] != nil {
        throw failure("profile \(profile) is an SSO profile, which kspmbeat does not support")
      }
      let reason: AWSCredentialsError.Reason = required || !visited.isEmpty ? .failed : .notConfigured
      throw AWSCredentialsError(
        reason, provider: name, message: "profile \(profile) has no aws_access_key_id and aws_secret_access_key")
    }
    let sessionName = values["role_session_name"] ?? sources.sessionName()
    if let tokenFile = values["web_identity_token_file"] {
      return try await WebIdentityCredentialProvider(
        tokenFile: tokenFile, roleARN: roleARN, sessionName: sessionName, client: sources.client
      ).credentials()
    }
    let base: any AWSCredentialProvider
    if let sourceProfile = values["source_profile"] {
      if sourceProfile == profile {
        // A profile may name itself as the source of its own keys.
        guard let keys else { throw failure("profile \(profile) is its own source_profile but has no keys") }
        base = StaticCredentialProvider(keys)
      } else {
        base = StaticCredentialProvider(try await resolve(sourceProfile, in: config, visited: visited + [profile]))
      }
    } else if let credentialSource = values["credential_source"] {
      switch credentialSource {
      case "Environment": base = EnvironmentCredentialProvider(environment: sources.environment)
      case "Ec2InstanceMetadata": base = IMDSCredentialProvider(client: sources.imds)
      case "EcsContainer":
        base = ContainerCredentialProvider(environment: sources.environment, transport: sources.client.transport)
      default:
        throw failure(
          "credential_source \(credentialSource) is not Environment, Ec2InstanceMetadata or EcsContainer")
      }
    } else {
      throw failure(
        "profile \(profile) has role_arn but no source_profile, credential_source or web_identity_token_file")
    }
    var duration: Int?
    if let text = values["duration_seconds"] {
      guard let seconds = Int(text) else { throw failure("duration_seconds of profile \(profile) is not a number") }
      duration = seconds
    }
    let request = STSAssumeRoleRequest(
      roleARN: roleARN, sessionName: sessionName, externalID: values["external_id"], durationSeconds: duration)
    return try await AssumeRoleCredentialProvider(base: base, request: request, client: sources.client).credentials()
  }

  private func staticKeys(_ values: [String: String], profile: String) -> AWSCredentials? {
    guard let key = values["aws_access_key_id"], let secret = values["aws_secret_access_key"] else { return nil }
    return AWSCredentials(
      accessKeyID: key, secretAccessKey: ConfigSecret(secret),
      sessionToken: values["aws_session_token"].map(ConfigSecret.init), source: "profile \(profile) (\(files))")
  }

  private func failure(_ message: String) -> AWSCredentialsError {
    AWSCredentialsError(.failed, provider: name, message: message)
  }
}

/// Where the shared files are: the credentials file and the config file.
public struct AWSSharedConfigFiles: Sendable, Equatable, CustomStringConvertible {
  public var credentialsFile: String?
  public var configFile: String?
  /// Whether the credentials file was named in the settings (then it must exist).
  public var credentialsFileRequired: Bool

  public init(credentialsFile: String?, configFile: String?, credentialsFileRequired: Bool = false) {
    self.credentialsFile = credentialsFile
    self.configFile = configFile
    self.credentialsFileRequired = credentialsFileRequired
  }

  /// The files the environment names: `shared` (a setting) or `AWS_SHARED_CREDENTIALS_FILE` or
  /// `~/.aws/credentials`, and `AWS_CONFIG_FILE` or `~/.aws/config`.
  public init(environment: AWSEnvironment, sharedCredentialsFile: String? = nil) {
    let home = environment.homeDirectory.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 }
    self.init(
      credentialsFile: (sharedCredentialsFile ?? environment["AWS_SHARED_CREDENTIALS_FILE"]).map(
        environment.expandingTilde) ?? home.map { "\($0)/.aws/credentials" },
      configFile: environment["AWS_CONFIG_FILE"].map(environment.expandingTilde) ?? home.map { "\($0)/.aws/config" },
      credentialsFileRequired: sharedCredentialsFile != nil)
  }

  /// `~/.aws/credentials, ~/.aws/config` (the paths).
  public var description: String {
    [credentialsFile, configFile].compactMap { $0 }.joined(separator: ", ")
  }

  /// Both files, merged; a missing file is empty unless it was required.
  public func load(provider: String) throws(AWSCredentialsError) -> AWSSharedConfig {
    func read(_ path: String?, required: Bool) throws(AWSCredentialsError) -> String? {
      guard let path else { return nil }
      guard FileManager.default.fileExists(atPath: path) else {
        if required {
          throw AWSCredentialsError(
            .failed, provider: provider, message: "the shared credentials file \(path) does not exist")
        }
        return nil
      }
      guard let data = FileManager.default.contents(atPath: path) else {
        throw AWSCredentialsError(.failed, provider: provider, message: "cannot read \(path)")
      }
      return String(decoding: data, as: UTF8.self)
    }
    return AWSSharedConfig(
      credentialsText: try read(credentialsFile, required: credentialsFileRequired),
      configText: try read(configFile, required: false))
  }
}
