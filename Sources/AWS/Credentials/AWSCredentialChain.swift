/// Tries providers in order and keeps the first that has credentials.
///
/// A provider that is not configured (``AWSCredentialsError/Reason/notConfigured``) passes to
/// the next; one that is configured but fails stops the chain with its error (a broken web
/// identity token is reported as such, not hidden behind an IMDS timeout). When none has
/// credentials, the error names every source tried and why.
public actor AWSCredentialChain: AWSCredentialProvider {
  public nonisolated let name: String
  private let providers: [any AWSCredentialProvider]
  private var chosen: (any AWSCredentialProvider)?

  public init(_ providers: [any AWSCredentialProvider], name: String = "the AWS credential chain") {
    self.providers = providers
    self.name = name
  }

  public func credentials() async throws -> AWSCredentials {
    if let chosen { return try await chosen.credentials() }
    var tried: [AWSCredentialsError] = []
    for provider in providers {
      do {
        let credentials = try await provider.credentials()
        chosen = provider
        return credentials
      } catch var error as AWSCredentialsError {
        if error.reason == .notConfigured {
          tried.append(error)
          continue
        }
        error.tried = tried + error.tried
        throw error
      } catch is CancellationError {
        throw CancellationError()
      } catch {
        throw AWSCredentialsError(
          .failed, provider: provider.name, message: "\(error)", tried: tried, underlying: error as? AWSError)
      }
    }
    throw AWSCredentialsError(.noneFound, provider: name, message: "no source had credentials", tried: tried)
  }

  public func invalidate() async {
    await chosen?.invalidate()
  }
}
