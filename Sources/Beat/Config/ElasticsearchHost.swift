import Output

extension ElasticsearchHost {
  /// Resolves one `hosts` entry; the error is a reason that never repeats credentials.
  static func parse(_ text: String, defaultScheme: String, defaultPath: String) -> Result<ElasticsearchHost, HostError>
  {
    let trimmed = text.trimmingSpaces
    guard !trimmed.isEmpty else { return .failure(HostError("must not be empty")) }
    var scheme = defaultScheme
    var rest = Substring(trimmed)
    if let separator = trimmed.range(of: "://") {
      scheme = trimmed[..<separator.lowerBound].lowercased()
      rest = trimmed[separator.upperBound...]
    }
    guard scheme == "http" || scheme == "https" else {
      return .failure(HostError("scheme \(ConfigSection.quote(scheme)) is not http or https"))
    }
    let authorityEnd = rest.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) ?? rest.endIndex
    let authority = rest[..<authorityEnd]
    let tail = rest[authorityEnd...]
    if authority.contains("@") {
      return .failure(HostError("credentials in a host URL are not supported; set username and password"))
    }
    if tail.contains("?") || tail.contains("#") {
      return .failure(HostError("\(ConfigSection.quote(trimmed)) must not have a query or fragment"))
    }
    var host = authority
    var portText: Substring?
    if authority.hasPrefix("[") {
      guard let close = authority.firstIndex(of: "]") else {
        return .failure(HostError("\(ConfigSection.quote(trimmed)) has an unclosed '['"))
      }
      host = authority[authority.index(after: authority.startIndex)..<close]
      let after = authority[authority.index(after: close)...]
      if after.hasPrefix(":") {
        portText = after.dropFirst()
      } else if !after.isEmpty {
        return .failure(HostError("\(ConfigSection.quote(trimmed)) is not a valid host"))
      }
    } else if let colon = authority.firstIndex(of: ":") {
      host = authority[..<colon]
      portText = authority[authority.index(after: colon)...]
      if portText?.contains(":") == true {
        return .failure(HostError("\(ConfigSection.quote(trimmed)): write an IPv6 address in brackets, [::1]:9200"))
      }
    }
    let validHost = host.allSatisfy { $0.isLetter || $0.isNumber || "-._:%".contains($0) }
    guard !host.isEmpty, validHost else {
      return .failure(HostError("\(ConfigSection.quote(trimmed)) is not a valid host"))
    }
    var port = defaultPort
    if let portText {
      guard let number = Int(portText), (1...65535).contains(number) else {
        return .failure(HostError("\(ConfigSection.quote(trimmed)) has an invalid port"))
      }
      port = number
    }
    let path = tail.isEmpty || tail == "/" ? normalizedPath(defaultPath) : normalizedPath(String(tail))
    return .success(ElasticsearchHost(scheme: scheme, host: String(host), port: port, path: path))
  }

  /// `""`, or the path with one leading `/` and no trailing `/`.
  static func normalizedPath(_ path: String) -> String {
    var trimmed = Substring(path.trimmingSpaces)
    while trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
    while trimmed.hasPrefix("/") { trimmed = trimmed.dropFirst() }
    return trimmed.isEmpty ? "" : "/" + trimmed
  }

  struct HostError: Error {
    var reason: String
    init(_ reason: String) { self.reason = reason }
  }
}
