import Foundation

/// What providers that fetch credentials share: the client for STS calls (transport and region;
/// its own credentials are not used), the environment, IMDS, and session names for roles.
public struct AWSCredentialSources: Sendable {
  public var client: AWSClient
  public var environment: AWSEnvironment
  /// `nil` when IMDS is turned off.
  public var imds: IMDSClient?
  /// The role session name when none is configured: `kspmbeat-<unix seconds>`.
  public var sessionName: @Sendable () -> String

  public init(
    client: AWSClient, environment: AWSEnvironment, imds: IMDSClient?, sessionName: (@Sendable () -> String)? = nil
  ) {
    self.client = client.with(credentials: nil)
    self.environment = environment
    self.imds = imds
    let now = client.transport.options.clock.now
    self.sessionName = sessionName ?? { "kspmbeat-\(Int(now().timeIntervalSince1970))" }
  }
}
