import Foundation
import HTTPTransport

/// Where the client gets its bearer token.
public enum BearerTokenSource: Sendable, Hashable, CustomStringConvertible {
  /// A fixed token (kubeconfig `token`).
  case token(String)
  /// A file re-read at least every `tokenRefreshInterval` and after every 401 (kubeconfig
  /// `tokenFile`, the in-cluster service-account token).
  case file(path: String)

  /// Never shows the token itself.
  public var description: String {
    switch self {
    case .token: return "static token"
    case .file(let path): return "token file \(path)"
    }
  }
}

/// A client certificate and its private key, both PEM.
public struct ClientCertificate: Sendable, Hashable, CustomStringConvertible {
  public var certificatePEM: [UInt8]
  public var privateKeyPEM: [UInt8]

  public init(certificatePEM: [UInt8], privateKeyPEM: [UInt8]) {
    self.certificatePEM = certificatePEM
    self.privateKeyPEM = privateKeyPEM
  }

  /// Never shows the key.
  public var description: String { "client certificate (\(certificatePEM.count) bytes PEM, key redacted)" }
}

/// Everything needed to talk to one API server: where, how to trust it, who we are, and the
/// client's own limits. Build it from a kubeconfig (``Kubeconfig``), from the pod's service
/// account (``inCluster(environment:serviceAccountDirectory:)``), or by hand.
public struct KubernetesClientConfiguration: Sendable, CustomStringConvertible {
  /// `https://10.96.0.1:443`, possibly with a path prefix (`https://rancher/k8s/clusters/c-1`).
  public var server: String
  /// PEM certificates trusted for the server; `nil` means the system trust store.
  public var certificateAuthorityPEM: [UInt8]?
  /// Skips verification of the server certificate (kubeconfig `insecure-skip-tls-verify`).
  public var insecureSkipTLSVerify: Bool
  public var bearerToken: BearerTokenSource?
  public var clientCertificate: ClientCertificate?
  /// The proxy every request goes through (kubeconfig `proxy-url`: HTTP `CONNECT` or SOCKS5);
  /// `nil`: connect directly.
  public var proxy: HTTPProxy?
  /// `Impersonate-User` (kubeconfig `as`).
  public var impersonateUser: String?
  /// `Impersonate-Group` (kubeconfig `as-groups`).
  public var impersonateGroups: [String]
  /// The namespace of the context, or of the pod when in-cluster; `default` otherwise.
  public var namespace: String
  /// Where this configuration came from, for messages: `in-cluster`, `kubeconfig /x (context y)`.
  public var source: String

  /// Deadline for one request, from sending it to the last byte of the response.
  public var requestTimeout: Duration
  /// Sustained request rate (token bucket refill per second); 0 or less means unlimited.
  public var qps: Double
  /// Requests that may be sent at once before the rate applies.
  public var burst: Int
  public var userAgent: String
  /// How long a token read from a file is used before the file is read again.
  public var tokenRefreshInterval: Duration
  /// Responses larger than this fail instead of exhausting memory.
  public var maxResponseBytes: Int

  public static let defaultUserAgent = "kspmbeat/0.1.0"

  public init(
    server: String, certificateAuthorityPEM: [UInt8]? = nil, insecureSkipTLSVerify: Bool = false,
    bearerToken: BearerTokenSource? = nil, clientCertificate: ClientCertificate? = nil, proxy: HTTPProxy? = nil,
    impersonateUser: String? = nil, impersonateGroups: [String] = [], namespace: String = "default",
    source: String = "explicit configuration", requestTimeout: Duration = .seconds(30), qps: Double = 20,
    burst: Int = 40, userAgent: String = KubernetesClientConfiguration.defaultUserAgent,
    tokenRefreshInterval: Duration = .seconds(60), maxResponseBytes: Int = 512 * 1024 * 1024
  ) {
    self.server = server
    self.certificateAuthorityPEM = certificateAuthorityPEM
    self.insecureSkipTLSVerify = insecureSkipTLSVerify
    self.bearerToken = bearerToken
    self.clientCertificate = clientCertificate
    self.proxy = proxy
    self.impersonateUser = impersonateUser
    self.impersonateGroups = impersonateGroups
    self.namespace = namespace
    self.source = source
    self.requestTimeout = requestTimeout
    self.qps = qps
    self.burst = burst
    self.userAgent = userAgent
    self.tokenRefreshInterval = tokenRefreshInterval
    self.maxResponseBytes = maxResponseBytes
  }

  /// A summary without secrets.
  public var description: String {
    var parts = ["server \(server)", "from \(source)", "namespace \(namespace)"]
    if let bearerToken { parts.append("auth \(bearerToken)") }
    if clientCertificate != nil { parts.append("client certificate") }
    if let proxy { parts.append("\(proxy.kind.rawValue) proxy \(proxy.host):\(proxy.port)") }
    if insecureSkipTLSVerify { parts.append("TLS verification disabled") }
    return parts.joined(separator: ", ")
  }

  // MARK: In-cluster

  /// The directory Kubernetes mounts the pod's service-account token, CA and namespace into.
  public static let defaultServiceAccountDirectory = "/var/run/secrets/kubernetes.io/serviceaccount"

  /// True when `KUBERNETES_SERVICE_HOST` and `KUBERNETES_SERVICE_PORT` are both set.
  public static func isInCluster(environment: [String: String] = ProcessInfo.processInfo.environment) -> Bool {
    !(environment["KUBERNETES_SERVICE_HOST"] ?? "").isEmpty && !(environment["KUBERNETES_SERVICE_PORT"] ?? "").isEmpty
  }

  /// The configuration of a pod: `https://$KUBERNETES_SERVICE_HOST:$KUBERNETES_SERVICE_PORT`, the
  /// service-account CA, the token file (re-read every minute and after a 401), and the
  /// namespace file (`default` when it cannot be read).
  public static func inCluster(
    environment: [String: String] = ProcessInfo.processInfo.environment,
    serviceAccountDirectory: String = defaultServiceAccountDirectory
  ) throws(KubernetesConfigurationError) -> KubernetesClientConfiguration {
    let host = environment["KUBERNETES_SERVICE_HOST"] ?? ""
    let port = environment["KUBERNETES_SERVICE_PORT"] ?? ""
    guard !host.isEmpty, !port.isEmpty else {
      throw KubernetesConfigurationError(
        "not running in a Kubernetes pod: KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT must both be set")
    }
    guard let portNumber = Int(port), (1...65535).contains(portNumber) else {
      throw KubernetesConfigurationError("KUBERNETES_SERVICE_PORT is not a port number: \(port)")
    }
    let directory =
      serviceAccountDirectory.hasSuffix("/") ? String(serviceAccountDirectory.dropLast()) : serviceAccountDirectory
    let tokenPath = directory + "/token"
    let caPath = directory + "/ca.crt"
    guard FileManager.default.isReadableFile(atPath: tokenPath) else {
      throw KubernetesConfigurationError("in-cluster: cannot read the service-account token file \(tokenPath)")
    }
    let ca: [UInt8]
    do {
      ca = try FileIO.read(caPath)
    } catch {
      throw KubernetesConfigurationError("in-cluster: cannot read the service-account CA file \(caPath): \(error)")
    }
    var namespace = "default"
    if let bytes = try? FileIO.read(directory + "/namespace") {
      let text = String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
      if !text.isEmpty { namespace = text }
    }
    let hostPart = host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host
    return KubernetesClientConfiguration(
      server: "https://\(hostPart):\(portNumber)", certificateAuthorityPEM: ca,
      bearerToken: .file(path: tokenPath), namespace: namespace, source: "in-cluster service account")
  }

  /// kubectl's choice: an explicit kubeconfig path wins; otherwise the pod's service account when
  /// running in a pod; otherwise `$KUBECONFIG` or `~/.kube/config`.
  public static func automatic(
    kubeconfigPath: String? = nil, context: String? = nil,
    environment: [String: String] = ProcessInfo.processInfo.environment,
    serviceAccountDirectory: String = defaultServiceAccountDirectory
  ) throws(KubernetesConfigurationError) -> KubernetesClientConfiguration {
    if kubeconfigPath == nil, context == nil, isInCluster(environment: environment),
      (environment["KUBECONFIG"] ?? "").isEmpty
    {
      return try inCluster(environment: environment, serviceAccountDirectory: serviceAccountDirectory)
    }
    return try Kubeconfig.load(path: kubeconfigPath, environment: environment).configuration(context: context)
  }
}

/// Small file helpers with messages that name the path.
enum FileIO {
  struct ReadError: Error, CustomStringConvertible {
    var path: String
    var reason: String
    var description: String { reason }
  }

  static func read(_ path: String) throws(ReadError) -> [UInt8] {
    guard let data = FileManager.default.contents(atPath: path) else {
      var isDirectory: ObjCBool = false
      if !FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
        throw ReadError(path: path, reason: "no such file")
      }
      if isDirectory.boolValue { throw ReadError(path: path, reason: "is a directory") }
      throw ReadError(path: path, reason: "permission denied or unreadable")
    }
    return [UInt8](data)
  }
}
