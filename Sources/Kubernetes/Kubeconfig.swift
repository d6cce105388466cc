import Foundation
import HTTPTransport
import KSPMCore
import YAMLValue

/// One or more kubeconfig files merged the way kubectl merges them.
///
/// - An explicit path must exist. Without one, `$KUBECONFIG` lists files separated by `:`;
///   files that do not exist are skipped (as kubectl does) but at least one must exist. Without
///   `$KUBECONFIG`, `~/.kube/config` is used.
/// - The first file to define a cluster, user or context name wins; the first file to set
///   `current-context` wins.
/// - Relative paths (`certificate-authority`, `client-certificate`, `client-key`, `tokenFile`)
///   are resolved against the directory of the file that defines the entry.
public struct Kubeconfig: Sendable {
  /// A named entry together with the file that defined it.
  public struct Entry: Sendable {
    public var name: String
    public var value: JSONObject
    /// The kubeconfig file the entry comes from.
    public var file: String
  }

  /// The files read, in precedence order.
  public private(set) var files: [String] = []
  public private(set) var clusters: [String: Entry] = [:]
  public private(set) var users: [String: Entry] = [:]
  public private(set) var contexts: [String: Entry] = [:]
  /// `current-context` of the first file that sets it.
  public private(set) var currentContext: String?
  /// The file that set `current-context`.
  public private(set) var currentContextFile: String?

  /// Context names in a stable order.
  public var contextNames: [String] { contexts.keys.sorted() }

  /// An empty configuration; add files with ``merge(file:)``.
  public init() {}

  /// Reads and merges kubeconfig files by kubectl's rules (see the type's documentation).
  public static func load(
    path: String? = nil, environment: [String: String] = ProcessInfo.processInfo.environment,
    homeDirectory: String? = nil
  ) throws(KubernetesConfigurationError) -> Kubeconfig {
    var config = Kubeconfig()
    if let path, !path.isEmpty {
      try config.merge(file: path)
      return config
    }
    if let list = environment["KUBECONFIG"], !list.isEmpty {
      let paths = list.split(separator: ":").map(String.init).filter { !$0.isEmpty }
      var seen = Set<String>()
      for candidate in paths where seen.insert(candidate).inserted {
        guard FileManager.default.fileExists(atPath: candidate) else { continue }
        try config.merge(file: candidate)
      }
      if config.files.isEmpty {
        throw KubernetesConfigurationError(
          "none of the kubeconfig files in KUBECONFIG exists: \(paths.joined(separator: ", "))")
      }
      return config
    }
    let home = homeDirectory ?? environment["HOME"] ?? NSHomeDirectory()
    try config.merge(file: home + "/.kube/config")
    return config
  }

  /// Parses kubeconfig text (for tests and embedded configs). `file` names it in messages and is
  /// the base of relative paths.
  public static func parse(_ text: String, file: String) throws(KubernetesConfigurationError) -> Kubeconfig {
    var config = Kubeconfig()
    try config.merge(text: text, file: file)
    return config
  }

  /// Adds one file; entries already defined by earlier files are kept.
  public mutating func merge(file path: String) throws(KubernetesConfigurationError) {
    let bytes: [UInt8]
    do {
      bytes = try FileIO.read(path)
    } catch {
      throw KubernetesConfigurationError("cannot read kubeconfig file \(path): \(error.reason)")
    }
    try merge(text: String(decoding: bytes, as: UTF8.self), file: path)
  }

  mutating func merge(text: String, file: String) throws(KubernetesConfigurationError) {
    let document: JSONValue
    do {
      document = try YAMLDocuments.parse(text)
    } catch {
      throw KubernetesConfigurationError("kubeconfig \(file) is not valid YAML: \(error.message)")
    }
    files.append(file)
    if document.isNull { return }  // an empty file is allowed, as in kubectl
    guard let root = document.objectValue else {
      throw KubernetesConfigurationError("kubeconfig \(file): the document is not a mapping")
    }
    try Self.mergeList(root, key: "clusters", field: "cluster", file: file, into: &clusters)
    try Self.mergeList(root, key: "users", field: "user", file: file, into: &users)
    try Self.mergeList(root, key: "contexts", field: "context", file: file, into: &contexts)
    if currentContext == nil, let current = root["current-context"]?.stringValue, !current.isEmpty {
      currentContext = current
      currentContextFile = file
    }
  }

  private static func mergeList(
    _ root: JSONObject, key: String, field: String, file: String, into map: inout [String: Entry]
  ) throws(KubernetesConfigurationError) {
    guard let list = root[key], !list.isNull else { return }
    guard let items = list.arrayValue else {
      throw KubernetesConfigurationError("kubeconfig \(file): \(key) is not a list")
    }
    for (index, item) in items.enumerated() {
      guard let name = item["name"]?.stringValue, !name.isEmpty else {
        throw KubernetesConfigurationError("kubeconfig \(file): \(key)[\(index)] has no name")
      }
      let value = item[field]
      if let value, !value.isNull, value.objectValue == nil {
        throw KubernetesConfigurationError("kubeconfig \(file): \(key)[\(index)] (\(name)).\(field) is not a mapping")
      }
      if map[name] == nil {
        map[name] = Entry(name: name, value: value?.objectValue ?? JSONObject(), file: file)
      }
    }
  }

  /// The client configuration of `context`, or of `current-context` when `nil`.
  public func configuration(context contextName: String? = nil) throws(KubernetesConfigurationError)
    -> KubernetesClientConfiguration
  {
    let fileList = files.joined(separator: ", ")
    let name: String
    if let contextName, !contextName.isEmpty {
      name = contextName
    } else if let currentContext {
      name = currentContext
    } else {
      throw KubernetesConfigurationError(
        "kubeconfig \(fileList): no current-context is set and no context was given"
          + (contexts.isEmpty ? "" : " (contexts: \(contextNames.joined(separator: ", ")))"))
    }
    guard let context = contexts[name] else {
      let available = contextNames.isEmpty ? "none" : contextNames.joined(separator: ", ")
      throw KubernetesConfigurationError(
        "kubeconfig \(fileList): context \"\(name)\" not found (available contexts: \(available))")
    }
    let clusterName = context.value["cluster"]?.stringValue ?? ""
    guard !clusterName.isEmpty else {
      throw KubernetesConfigurationError("kubeconfig \(context.file): context \"\(name)\" has no cluster")
    }
    guard let cluster = clusters[clusterName] else {
      throw KubernetesConfigurationError(
        "kubeconfig \(fileList): cluster \"\(clusterName)\" of context \"\(name)\" not found")
    }
    let where_ = "kubeconfig \(cluster.file): cluster \"\(clusterName)\""
    guard let server = cluster.value["server"]?.stringValue, !server.isEmpty else {
      throw KubernetesConfigurationError("\(where_) has no server")
    }
    guard server.hasPrefix("https://") || server.hasPrefix("http://") else {
      throw KubernetesConfigurationError("\(where_): server \(server) is not an http(s) URL")
    }
    var result = KubernetesClientConfiguration(server: server)
    result.source = "kubeconfig \(context.file) (context \(name))"
    if let namespace = context.value["namespace"]?.stringValue, !namespace.isEmpty {
      result.namespace = namespace
    }

    // Cluster: trust.
    result.insecureSkipTLSVerify = try Self.bool(cluster.value, "insecure-skip-tls-verify", where_)
    if let data = try Self.base64(cluster.value, "certificate-authority-data", where_) {
      result.certificateAuthorityPEM = data
    } else if let path = cluster.value["certificate-authority"]?.stringValue, !path.isEmpty {
      result.certificateAuthorityPEM = try Self.readReferenced(
        path, key: "certificate-authority", entry: cluster, where_)
    }
    if result.insecureSkipTLSVerify, result.certificateAuthorityPEM != nil {
      throw KubernetesConfigurationError(
        "\(where_): certificate-authority and insecure-skip-tls-verify cannot both be set (kubectl refuses this too)")
    }
    if let serverName = cluster.value["tls-server-name"]?.stringValue, !serverName.isEmpty,
      URLComponents(string: server)?.host != serverName
    {
      throw KubernetesConfigurationError(
        "\(where_): tls-server-name (\(serverName)) is not supported by kspmbeat; use a server URL whose host "
          + "name is in the server certificate")
    }
    if let proxy = cluster.value["proxy-url"]?.stringValue, !proxy.isEmpty {
      do {
        result.proxy = try HTTPProxy(url: proxy.trimmingCharacters(in: .whitespaces))
      } catch {
        // The URL is not repeated: it may hold a password.
        throw KubernetesConfigurationError("\(where_): proxy-url: \(error)")
      }
    }

    // User: credentials.
    let userName = context.value["user"]?.stringValue ?? ""
    if !userName.isEmpty {
      guard let user = users[userName] else {
        throw KubernetesConfigurationError(
          "kubeconfig \(fileList): user \"\(userName)\" of context \"\(name)\" not found")
      }
      try apply(user: user, to: &result)
    }
    return result
  }

  private func apply(user: Entry, to result: inout KubernetesClientConfiguration) throws(KubernetesConfigurationError) {
    let where_ = "kubeconfig \(user.file): user \"\(user.name)\""
    let value = user.value
    if let exec = value["exec"], !exec.isNull {
      let command = exec["command"]?.stringValue.map { ($0 as NSString).lastPathComponent } ?? "?"
      throw KubernetesConfigurationError(
        "\(where_) uses an exec credential plugin (command \"\(command)\"), which kspmbeat does not support. "
          + "Use a kubeconfig whose user has a bearer token (token or tokenFile) or a client certificate "
          + "(client-certificate/client-key), or run kspmbeat in the cluster with a service account.")
    }
    if let provider = value["auth-provider"], !provider.isNull {
      let providerName = provider["name"]?.stringValue ?? "?"
      throw KubernetesConfigurationError(
        "\(where_) uses the auth-provider \"\(providerName)\", which kspmbeat does not support. "
          + "Use a kubeconfig whose user has a bearer token (token or tokenFile) or a client certificate "
          + "(client-certificate/client-key), or run kspmbeat in the cluster with a service account.")
    }
    if (value["username"]?.stringValue ?? "").isEmpty == false
      || (value["password"]?.stringValue ?? "").isEmpty == false
    {
      throw KubernetesConfigurationError(
        "\(where_) uses basic authentication (username/password), which Kubernetes removed in 1.19 and kspmbeat "
          + "does not support; use a token or a client certificate")
    }
    if let token = value["token"]?.stringValue, !token.isEmpty {
      result.bearerToken = .token(token.trimmingCharacters(in: .whitespacesAndNewlines))
    } else if let tokenFile = value["tokenFile"]?.stringValue, !tokenFile.isEmpty {
      let path = Self.resolve(tokenFile, relativeTo: user.file)
      guard FileManager.default.isReadableFile(atPath: path) else {
        throw KubernetesConfigurationError("\(where_): tokenFile \(path) cannot be read")
      }
      result.bearerToken = .file(path: path)
    }
    var certificate = try Self.base64(value, "client-certificate-data", where_)
    if certificate == nil, let path = value["client-certificate"]?.stringValue, !path.isEmpty {
      certificate = try Self.readReferenced(path, key: "client-certificate", entry: user, where_)
    }
    var key = try Self.base64(value, "client-key-data", where_)
    if key == nil, let path = value["client-key"]?.stringValue, !path.isEmpty {
      key = try Self.readReferenced(path, key: "client-key", entry: user, where_)
    }
    switch (certificate, key) {
    case (let certificate?, let key?):
      result.clientCertificate = ClientCertificate(certificatePEM: certificate, privateKeyPEM: key)
    case (.some, nil):
      throw KubernetesConfigurationError("\(where_) has a client certificate but no client-key or client-key-data")
    case (nil, .some):
      throw KubernetesConfigurationError(
        "\(where_) has a client key but no client-certificate or client-certificate-data")
    case (nil, nil):
      break
    }
    if let impersonate = value["as"]?.stringValue, !impersonate.isEmpty {
      result.impersonateUser = impersonate
    }
    if let groups = value["as-groups"]?.arrayValue {
      result.impersonateGroups = groups.compactMap(\.stringValue)
    }
  }

  // MARK: Field helpers

  private static func bool(_ object: JSONObject, _ key: String, _ where_: String) throws(KubernetesConfigurationError)
    -> Bool
  {
    switch object[key] {
    case nil, .null?: return false
    case .bool(let value)?: return value
    case .string(let text)? where text == "true" || text == "false": return text == "true"
    default: throw KubernetesConfigurationError("\(where_): \(key) must be true or false")
    }
  }

  /// Decodes a `*-data` field. The value itself never appears in an error.
  private static func base64(_ object: JSONObject, _ key: String, _ where_: String) throws(KubernetesConfigurationError)
    -> [UInt8]?
  {
    guard let value = object[key], !value.isNull else { return nil }
    guard let text = value.stringValue else {
      throw KubernetesConfigurationError("\(where_): \(key) must be a base64 string")
    }
    if text.isEmpty { return nil }
    let compact = text.filter { !$0.isWhitespace }
    guard let data = Data(base64Encoded: compact) else {
      throw KubernetesConfigurationError("\(where_): \(key) is not valid base64")
    }
    return [UInt8](data)
  }

  private static func readReferenced(_ path: String, key: String, entry: Entry, _ where_: String)
    throws(KubernetesConfigurationError) -> [UInt8]
  {
    let resolved = resolve(path, relativeTo: entry.file)
    do {
      return try FileIO.read(resolved)
    } catch {
      throw KubernetesConfigurationError("\(where_): \(key) file \(resolved) cannot be read: \(error.reason)")
    }
  }

  /// `path` as is when absolute, else relative to the directory of `file`.
  static func resolve(_ path: String, relativeTo file: String) -> String {
    if path.hasPrefix("/") { return path }
    let directory = (file as NSString).deletingLastPathComponent
    if directory.isEmpty { return path }
    return (directory as NSString).appendingPathComponent(path)
  }
}
