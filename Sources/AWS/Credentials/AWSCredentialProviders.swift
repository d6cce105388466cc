/// Builds the credential provider of a configuration, with libbeat's precedence:
///
/// 1. Static keys, when any is set (key and secret both required, token optional).
/// 2. Else, with a profile named: that profile of the shared files only.
/// 3. Else the SDKs' default chain: environment keys, web identity (IRSA), the default profile
///    (`AWS_PROFILE` or `default`; with `sharedCredentialsFile`, in that file), container
///    credentials (EKS Pod Identity, ECS), IMDSv2.
/// 4. A `roleARN` is then assumed with those credentials (with the external id).
///
/// The result caches the credentials and renews temporary ones `refreshAhead` before they
/// expire, one renewal at a time.
public enum AWSCredentialProviders {
  /// The provider for `settings`.
  ///
  /// - Parameters:
  ///   - client: transport and region for STS calls (its own credentials are not used).
  ///   - environment: variables and home folder (``AWSEnvironment/process`` in production).
  /// - Throws: ``AWSCredentialsError`` when the settings contradict each other (a key without its
  ///   secret, a role that is not an ARN).
  public static func make(
    _ settings: AWSCredentialSettings, environment: AWSEnvironment, client: AWSClient
  ) throws(AWSCredentialsError) -> any AWSCredentialProvider {
    var sessionName: (@Sendable () -> String)?
    if let name = settings.roleSessionName { sessionName = { name } }
    let imds = IMDSClient.endpoint(environment: environment).map {
      IMDSClient(transport: client.transport, endpoint: $0)
    }
    let sources = AWSCredentialSources(
      client: client, environment: environment, imds: imds, sessionName: sessionName)
    var base: any AWSCredentialProvider
    if settings.hasStaticKeys {
      guard let key = settings.accessKeyID, !key.isEmpty, let secret = settings.secretAccessKey,
        !secret.value.isEmpty
      else {
        throw AWSCredentialsError(
          .failed, provider: "static keys", message: "access_key_id and secret_access_key must both be set")
      }
      base = StaticCredentialProvider(
        AWSCredentials(
          accessKeyID: key, secretAccessKey: secret,
          sessionToken: settings.sessionToken.flatMap { $0.value.isEmpty ? nil : $0 }, source: "static keys"))
    } else {
      let files = AWSSharedConfigFiles(environment: environment, sharedCredentialsFile: settings.sharedCredentialsFile)
      if let profile = settings.profile {
        base = ProfileCredentialProvider(profile: profile, files: files, required: true, sources: sources)
      } else {
        base = defaultChain(sources: sources, files: files)
      }
    }
    if let roleARN = settings.roleARN {
      guard roleARN.hasPrefix("arn:") else {
        throw AWSCredentialsError(.failed, provider: "role \(roleARN)", message: "role_arn is not an ARN")
      }
      base = AssumeRoleCredentialProvider(
        base: base,
        request: STSAssumeRoleRequest(
          roleARN: roleARN, sessionName: sources.sessionName(), externalID: settings.externalID,
          durationSeconds: settings.assumeRoleDurationSeconds),
        client: client)
    }
    return CachedCredentialProvider(
      base, refreshAhead: settings.refreshAhead, now: client.transport.options.clock.now)
  }

  /// The SDKs' default chain: environment keys, web identity, the default (or `AWS_PROFILE`)
  /// profile, container credentials, IMDSv2.
  public static func defaultChain(sources: AWSCredentialSources, files: AWSSharedConfigFiles) -> AWSCredentialChain {
    let environment = sources.environment
    let profile = environment["AWS_PROFILE"] ?? environment["AWS_DEFAULT_PROFILE"] ?? "default"
    return AWSCredentialChain([
      EnvironmentCredentialProvider(environment: environment),
      WebIdentityCredentialProvider(
        environment: environment, defaultSessionName: sources.sessionName(), client: sources.client),
      ProfileCredentialProvider(
        profile: profile, files: files, required: files.credentialsFileRequired, sources: sources),
      ContainerCredentialProvider(environment: environment, transport: sources.client.transport),
      IMDSCredentialProvider(client: sources.imds),
    ])
  }
}
