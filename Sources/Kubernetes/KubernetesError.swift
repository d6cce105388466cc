/// Why a request to the Kubernetes API server failed.
///
/// Every case names the URL (scheme, host, port, path and query, never credentials; a `continue`
/// token is shortened) so that a log line says which call failed.
public enum KubernetesClientError: Error, Sendable, CustomStringConvertible {
  /// The server answered with a status outside 2xx. `reason` and `message` come from the
  /// Kubernetes `Status` body when there is one (`NotFound`, `Forbidden`, `Expired`, `Conflict`).
  case status(code: Int, reason: String, message: String, url: String)
  /// The request could not be sent or the response not received: connection refused, TLS
  /// handshake failure, connection closed.
  case transport(url: String, message: String)
  /// No complete response within the request timeout.
  case timeout(url: String, seconds: Double)
  /// A 2xx response whose body is not the JSON expected.
  case invalidResponse(url: String, message: String)
  /// The client could not be set up, or a credential (token file) could not be read.
  case configuration(String)

  /// The HTTP status code of a `.status` error.
  public var statusCode: Int? {
    if case .status(let code, _, _, _) = self { return code }
    return nil
  }

  /// The `Status.reason` of a `.status` error (`NotFound`, `Expired`, …).
  public var statusReason: String? {
    if case .status(_, let reason, _, _) = self { return reason }
    return nil
  }

  /// True for errors that mean the API server could not be talked to at all.
  public var isUnreachable: Bool {
    switch self {
    case .transport, .timeout: return true
    default: return false
    }
  }

  public var description: String {
    switch self {
    case .status(let code, let reason, let message, let url):
      let why = reason.isEmpty ? "" : " \(reason)"
      let text = message.isEmpty ? "" : ": \(message)"
      return "Kubernetes API \(url) returned \(code)\(why)\(text)"
    case .transport(let url, let message):
      return "cannot reach the Kubernetes API at \(url): \(message)"
    case .timeout(let url, let seconds):
      return "Kubernetes API request \(url) timed out after \(Self.format(seconds)) s"
    case .invalidResponse(let url, let message):
      return "unexpected response from the Kubernetes API \(url): \(message)"
    case .configuration(let message):
      return message
    }
  }

  static func format(_ seconds: Double) -> String {
    seconds == seconds.rounded() ? String(Int(seconds)) : String(format3(seconds))
  }

  private static func format3(_ value: Double) -> String {
    let scaled = (value * 1000).rounded() / 1000
    return "\(scaled)"
  }
}

/// Why a kubeconfig or in-cluster configuration could not be used. The message names the file
/// and the key; it never contains a token, key or certificate.
public struct KubernetesConfigurationError: Error, Sendable, CustomStringConvertible {
  public var message: String
  public init(_ message: String) { self.message = message }
  public var description: String { message }
}
