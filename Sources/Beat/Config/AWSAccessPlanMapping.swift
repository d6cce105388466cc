import AWS
import Engine

extension AWSConfig {
  /// The engine's view of these settings.
  public var accessPlan: AWSAccessPlan {
    AWSAccessPlan(
      credentials: AWSCredentialSettings(
        accessKeyID: credentials.accessKeyID, secretAccessKey: credentials.secretAccessKey,
        sessionToken: credentials.sessionToken, sharedCredentialsFile: credentials.sharedCredentialFile,
        profile: credentials.credentialProfileName, roleARN: credentials.roleARN, externalID: credentials.externalID),
      region: configuredRegion, endpoint: endpoint, clusterName: clusterName)
  }
}
