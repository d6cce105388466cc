import Foundation
import KSPMCore

/// A request as the test server saw it, for tests to inspect.
public struct RecordedRequest: Sendable {
  public var method: String
  public var path: String
  /// Decoded query parameters.
  public var query: [String: String]
  /// True when an `Authorization` header was sent (its value is not recorded).
  public var hasAuthorizationHeader: Bool
  /// The authenticated user (`token` user or client certificate CN); `nil` when not authenticated.
  public var user: String?
  public var accept: String?
  /// The `Accept-Encoding` header (responses are gzip'd when it allows).
  public var acceptEncoding: String?
  public var userAgent: String?
  /// The `Impersonate-User` header.
  public var impersonateUser: String?
  /// The status sent; 0 when the connection was closed instead.
  public var status: Int
}

/// A fault the test server applies to the next matching requests.
public enum InjectedFault: Sendable {
  /// Answer with this status and a `Status` body.
  case status(code: Int, reason: String, message: String)
  /// Handle the request normally but answer after a delay.
  case delay(Duration)
  /// Close the connection without answering.
  case closeConnection
}

/// What the handler does with a request.
struct Reply {
  var status: Int
  var contentType: String
  var body: [UInt8]
  var delay: Duration?
  var close: Bool
}

/// One parsed HTTP request.
struct IncomingRequest {
  var method: String
  var uri: String
  var authorization: String?
  var accept: String?
  var acceptEncoding: String?
  var userAgent: String?
  var impersonateUser: String?
  var body: [UInt8]
  /// From a verified client certificate.
  var certificateUser: (user: String, groups: [String])?
}

/// The in-memory API server: resources, objects, auth, faults, request log.
struct ServerState {
  struct PendingFault {
    var fault: InjectedFault
    var remaining: Int
    var pathPrefix: String?
  }

  var gitVersion: String
  var definitions: [APIResourceDefinition]
  var token: String
  var requireAuthentication: Bool
  var serverAddress: String = ""
  /// Objects by `groupVersion/resource`, then by key (`namespace/name` or `name`). Stored with
  /// `apiVersion` and `kind`.
  var objects: [String: [String: JSONObject]] = [:] {
    didSet { keyOrder = [:] }
  }
  /// The keys of each store of ``objects``, sorted; cleared by any change to ``objects``, so paging
  /// through a large list costs a page, not a sort of the whole store, per request.
  var keyOrder: [String: [String]] = [:]
  var resourceVersion: Int64 = 1000
  var continueEpoch = 0
  var continueTokensAlwaysExpire = false
  var faults: [PendingFault] = []
  var responseDelay: Duration?
  var forbiddenResources: Set<String> = []
  var log: [RecordedRequest] = []
  /// More bearer tokens, each with its own user name (the main token's user is
  /// ``tokenUser``).
  var extraTokens: [String: String] = [:]
  /// Users whose requests are answered by a fault without being processed (a partition).
  var partitions: [String: InjectedFault] = [:]
  static let tokenUser = "system:serviceaccount:kspm:kspmbeat"

  init(gitVersion: String, definitions: [APIResourceDefinition], token: String, requireAuthentication: Bool) {
    self.gitVersion = gitVersion
    self.definitions = definitions
    self.token = token
    self.requireAuthentication = requireAuthentication
  }

  static func storeKey(_ definition: APIResourceDefinition) -> String {
    definition.groupVersion + "/" + definition.resource
  }

  static func objectKey(namespace: String?, name: String) -> String {
    if let namespace { return namespace + "/" + name }
    return name
  }

  mutating func nextResourceVersion() -> String {
    resourceVersion += 1
    return String(resourceVersion)
  }

  // MARK: Seeding

  struct SeedError: Error, CustomStringConvertible {
    var description: String
  }

  /// Stores `value` (with `apiVersion` and `kind`), filling `uid`, `resourceVersion`,
  /// `creationTimestamp` and, for namespaced kinds, `namespace` when missing.
  mutating func seed(_ value: JSONValue) throws -> JSONValue {
    guard var object = value.objectValue, let apiVersion = object["apiVersion"]?.stringValue,
      let kind = object["kind"]?.stringValue
    else { throw SeedError(description: "a seeded object needs apiVersion and kind") }
    guard let definition = definitions.first(where: { $0.groupVersion == apiVersion && $0.kind == kind })
    else { throw SeedError(description: "the server does not serve \(apiVersion) \(kind)") }
    var metadata = object["metadata"]?.objectValue ?? JSONObject()
    guard let name = metadata["name"]?.stringValue, !name.isEmpty else {
      throw SeedError(description: "a seeded \(kind) needs metadata.name")
    }
    var namespace: String?
    if definition.namespaced {
      namespace = metadata["namespace"]?.stringValue ?? "default"
      metadata["namespace"] = .string(namespace!)
    }
    if metadata["uid"] == nil { metadata["uid"] = .string(UUID().uuidString.lowercased()) }
    if metadata["creationTimestamp"] == nil { metadata["creationTimestamp"] = .string(Self.timestamp()) }
    metadata["resourceVersion"] = .string(nextResourceVersion())
    object["metadata"] = .object(metadata)
    objects[Self.storeKey(definition), default: [:]][Self.objectKey(namespace: namespace, name: name)] = object
    return .object(object)
  }

  static func timestamp() -> String {
    let formatter = ISO8601DateFormatter()
    formatter.formatOptions = [.withInternetDateTime]
    return formatter.string(from: Date())
  }

  // MARK: Handling

  mutating func handle(_ request: IncomingRequest) -> Reply {
    let components = URLComponents(string: request.uri)
    let path = components?.percentEncodedPath ?? request.uri
    var query: [String: String] = [:]
    for item in components?.queryItems ?? [] { query[item.name] = item.value ?? "" }

    var user: String?
    if let authorization = request.authorization {
      if authorization.hasPrefix("Bearer ") {
        let sent = String(authorization.dropFirst(7))
        if sent == token {
          user = Self.tokenUser
        } else if let extra = extraTokens[sent] {
          user = extra
        }
      }
    } else if let certificateUser = request.certificateUser {
      user = certificateUser.user
    }

    var reply: Reply
    if let user, let partition = partitions[user] {
      // Cut off: the request never reaches the "API server".
      switch partition {
      case .status(let code, let reason, let message):
        reply = Self.status(code, reason: reason, message: message)
      case .delay(let delay):
        reply = Reply(status: 0, contentType: "", body: [], delay: delay, close: true)
      case .closeConnection:
        reply = Reply(status: 0, contentType: "", body: [], close: true)
      }
    } else {
      reply = route(request, path: path, query: query, user: user)
    }
    if let user, partitions[user] != nil {
      // no injected fault on top of a partition
    } else if let fault = takeFault(path: path) {
      switch fault {
      case .status(let code, let reason, let message):
        reply = Self.status(code, reason: reason, message: message)
      case .delay(let delay):
        reply.delay = delay
      case .closeConnection:
        reply.close = true
      }
    }
    if reply.delay == nil, let responseDelay { reply.delay = responseDelay }
    log.append(
      RecordedRequest(
        method: request.method, path: path, query: query, hasAuthorizationHeader: request.authorization != nil,
        user: user, accept: request.accept, acceptEncoding: request.acceptEncoding, userAgent: request.userAgent,
        impersonateUser: request.impersonateUser, status: reply.close ? 0 : reply.status))
    return reply
  }

  private mutating func takeFault(path: String) -> InjectedFault? {
    guard let index = faults.firstIndex(where: { $0.pathPrefix.map { path.hasPrefix($0) } ?? true }) else {
      return nil
    }
    let fault = faults[index].fault
    faults[index].remaining -= 1
    if faults[index].remaining <= 0 { faults.remove(at: index) }
    return fault
  }

  private mutating func route(_ request: IncomingRequest, path: String, query: [String: String], user: String?)
    -> Reply
  {
    if path == "/healthz" || path == "/livez" || path == "/readyz" {
      return Reply(status: 200, contentType: "text/plain; charset=utf-8", body: Array("ok".utf8), close: false)
    }
    if requireAuthentication && user == nil {
      return Self.status(401, reason: "Unauthorized", message: "Unauthorized")
    }
    if !Self.acceptsJSON(request.accept) {
      return Self.status(
        406, reason: "NotAcceptable",
        message: "only the following media types are accepted: application/json, application/yaml")
    }
    let segments = path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
    let isRead = request.method == "GET" || request.method == "HEAD"
    switch segments.first {
    case "version" where segments.count == 1 && isRead:
      return Self.json(200, versionDocument())
    case "api" where segments.count == 1 && isRead:
      return Self.json(200, apiVersions())
    case "apis" where segments.count == 1 && isRead:
      return Self.json(200, apiGroupList())
    case "api" where segments.count >= 2:
      return resourceRequest(
        request, groupVersion: segments[1], rest: Array(segments.dropFirst(2)), query: query, user: user)
    case "apis" where segments.count == 2 && isRead:
      return apiGroup(segments[1]) ?? Self.notFound()
    case "apis" where segments.count >= 3:
      return resourceRequest(
        request, groupVersion: segments[1] + "/" + segments[2], rest: Array(segments.dropFirst(3)), query: query,
        user: user)
    default:
      return Self.notFound()
    }
  }

  /// Accepts a missing header and any list that allows JSON (kubectl's aggregated-discovery and
  /// Table requests always end with a plain `application/json` fallback).
  static func acceptsJSON(_ accept: String?) -> Bool {
    guard let accept, !accept.isEmpty else { return true }
    for part in accept.split(separator: ",") {
      let mediaType = part.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
      if mediaType == "application/json" || mediaType == "*/*" || mediaType == "application/*" { return true }
    }
    return false
  }

  // MARK: Discovery

  private func versionDocument() -> JSONValue {
    let numbers = gitVersion.dropFirst().split(separator: ".")
    return [
      "major": .string(numbers.first.map(String.init) ?? "1"),
      "minor": .string(numbers.count > 1 ? String(numbers[1]) : "0"),
      "gitVersion": .string(gitVersion), "gitCommit": "0000000000000000000000000000000000000000",
      "gitTreeState": "clean", "buildDate": "2025-01-01T00:00:00Z", "goVersion": "go1.23.4", "compiler": "gc",
      "platform": "linux/amd64",
    ]
  }

  private func apiVersions() -> JSONValue {
    [
      "kind": "APIVersions", "versions": ["v1"],
      "serverAddressByClientCIDRs": [["clientCIDR": "0.0.0.0/0", "serverAddress": .string(serverAddress)]],
    ]
  }

  /// Group names in first-seen order, without the core group.
  private var groups: [(name: String, version: String)] {
    var seen: [String] = []
    var result: [(String, String)] = []
    for definition in definitions where !definition.group.isEmpty && !seen.contains(definition.groupVersion) {
      seen.append(definition.groupVersion)
      result.append((definition.group, definition.version))
    }
    return result
  }

  private func groupDocument(_ name: String) -> JSONValue? {
    let versions = groups.filter { $0.name == name }.map(\.version)
    guard let preferred = versions.first else { return nil }
    let entries = versions.map {
      JSONValue(dictionaryLiteral: ("groupVersion", .string("\(name)/\($0)")), ("version", .string($0)))
    }
    return [
      "name": .string(name), "versions": .array(entries),
      "preferredVersion": ["groupVersion": .string("\(name)/\(preferred)"), "version": .string(preferred)],
    ]
  }

  private func apiGroupList() -> JSONValue {
    var names: [String] = []
    for group in groups where !names.contains(group.name) { names.append(group.name) }
    return ["kind": "APIGroupList", "apiVersion": "v1", "groups": .array(names.compactMap { groupDocument($0) })]
  }

  private func apiGroup(_ name: String) -> Reply? {
    guard var document = groupDocument(name)?.objectValue else { return nil }
    document["kind"] = "APIGroup"
    document["apiVersion"] = "v1"
    return Self.json(200, .object(document))
  }

  private func apiResourceList(_ groupVersion: String) -> JSONValue? {
    let served = definitions.filter { $0.groupVersion == groupVersion }
    guard !served.isEmpty else { return nil }
    let resources: [JSONValue] = served.map { definition in
      var entry = jsonObject([
        "name": .string(definition.resource), "singularName": .string(definition.singularName),
        "namespaced": .bool(definition.namespaced), "kind": .string(definition.kind),
        "verbs": .array(definition.verbs.map { .string($0) }),
      ])
      if !definition.shortNames.isEmpty { entry["shortNames"] = .array(definition.shortNames.map { .string($0) }) }
      return .object(entry)
    }
    return [
      "kind": "APIResourceList", "apiVersion": "v1", "groupVersion": .string(groupVersion),
      "resources": .array(resources),
    ]
  }

  // MARK: Resources

  private mutating func resourceRequest(
    _ request: IncomingRequest, groupVersion: String, rest: [String], query: [String: String], user: String?
  ) -> Reply {
    let isRead = request.method == "GET" || request.method == "HEAD"
    if rest.isEmpty {
      guard isRead else { return Self.methodNotAllowed() }
      return apiResourceList(groupVersion).map { Self.json(200, $0) } ?? Self.notFound()
    }
    // [resource], [resource, name], [namespaces, ns, resource], [namespaces, ns, resource, name]
    var namespace: String?
    var resourceName: String
    var name: String?
    if rest[0] == "namespaces", rest.count >= 3 {
      namespace = rest[1]
      resourceName = rest[2]
      name = rest.count >= 4 ? rest[3] : nil
      if rest.count > 4 { return Self.notFound() }  // subresources are not served
    } else {
      resourceName = rest[0]
      name = rest.count >= 2 ? rest[1] : nil
      if rest.count > 2 { return Self.notFound() }
    }
    guard let definition = definitions.first(where: { $0.groupVersion == groupVersion && $0.resource == resourceName })
    else { return Self.notFound() }
    if namespace != nil && !definition.namespaced { return Self.notFound() }
    if definition.namespaced, name != nil, namespace == nil { return Self.notFound() }

    let verb: String
    switch (request.method, name) {
    case ("GET", nil), ("HEAD", nil): verb = query["watch"].map { $0 == "1" || $0 == "true" } == true ? "watch" : "list"
    case ("GET", _), ("HEAD", _): verb = "get"
    case ("POST", nil): verb = "create"
    case ("PUT", _?): verb = "update"
    case ("DELETE", _?): verb = "delete"
    default: return Self.methodNotAllowed()
    }
    if forbiddenResources.contains(definition.resource) {
      let scope = namespace.map { "in the namespace \"\($0)\"" } ?? "at the cluster scope"
      return Self.status(
        403, reason: "Forbidden",
        message:
          "\(definition.qualifiedResource) is forbidden: User \"\(user ?? "system:anonymous")\" cannot \(verb) "
          + "resource \"\(definition.resource)\" in API group \"\(definition.group)\" \(scope)")
    }
    switch verb {
    case "list": return list(definition, namespace: namespace, query: query)
    case "get": return get(definition, namespace: namespace, name: name!)
    case "create": return create(definition, namespace: namespace, body: request.body)
    case "update": return update(definition, namespace: namespace, name: name!, body: request.body)
    case "delete": return delete(definition, namespace: namespace, name: name!)
    default:
      return Self.status(405, reason: "MethodNotAllowed", message: "watch is not supported by the test server")
    }
  }

  private func get(_ definition: APIResourceDefinition, namespace: String?, name: String) -> Reply {
    let key = Self.objectKey(namespace: namespace, name: name)
    guard let object = objects[Self.storeKey(definition)]?[key] else {
      return Self.objectNotFound(definition, name: name)
    }
    return Self.json(200, .object(object))
  }

  private mutating func list(_ definition: APIResourceDefinition, namespace: String?, query: [String: String]) -> Reply
  {
    if let fieldSelector = query["fieldSelector"], !fieldSelector.isEmpty {
      return Self.status(400, reason: "BadRequest", message: "fieldSelector is not supported by the test server")
    }
    let selector: LabelSelector?
    do {
      selector = try query["labelSelector"].flatMap { $0.isEmpty ? nil : try LabelSelector($0) }
    } catch {
      return Self.status(400, reason: "BadRequest", message: "unable to parse requirement: \(error)")
    }
    var start: String?
    if let token = query["continue"], !token.isEmpty {
      switch decodeContinue(token) {
      case .invalid:
        return Self.status(
          400, reason: "BadRequest",
          message: "continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)")
      case .expired:
        return Self.status(
          410, reason: "Expired",
          message:
            "The provided continue parameter is too old to display a consistent list result. You can start a new "
            + "list without the continue parameter.")
      case .valid(let key):
        start = key
      }
    }
    let limit = query["limit"].flatMap { Int($0) } ?? 0
    let store = objects[Self.storeKey(definition)] ?? [:]
    let keys = orderedKeys(Self.storeKey(definition), after: start, prefix: namespace.map { $0 + "/" })
    var items: [JSONValue] = []
    var lastKey: String?
    var index = keys.startIndex
    while index < keys.endIndex, limit <= 0 || items.count < limit {
      let key = keys[index]
      index += 1
      guard var object = store[key] else { continue }
      if let selector, !selector.matches(object["metadata"]?["labels"]?.objectValue) { continue }
      // Like kube-apiserver's typed lists: items carry no apiVersion/kind.
      object["apiVersion"] = nil
      object["kind"] = nil
      items.append(.object(object))
      lastKey = key
    }
    var metadata = JSONObject()
    metadata["resourceVersion"] = .string(String(resourceVersion))
    if index < keys.endIndex, let lastKey {
      metadata["continue"] = .string(encodeContinue(lastKey))
      let remaining: Int
      if let selector {
        remaining = keys[index...].filter { selector.matches(store[$0]?["metadata"]?["labels"]?.objectValue) }.count
      } else {
        remaining = keys.endIndex - index
      }
      if remaining > 0 {
        metadata["remainingItemCount"] = .int(Int64(remaining))
      } else {
        metadata["continue"] = nil
      }
    }
    let listObject: JSONValue = [
      "kind": .string(definition.kind + "List"), "apiVersion": .string(definition.groupVersion),
      "metadata": .object(metadata), "items": .array(items),
    ]
    return Self.json(200, listObject)
  }

  /// The sorted keys of a store that come after `start` and begin with `prefix` (a namespace's
  /// `ns/`), from ``keyOrder``.
  private mutating func orderedKeys(_ storeKey: String, after start: String?, prefix: String?) -> ArraySlice<String> {
    let all: [String]
    if let cached = keyOrder[storeKey] {
      all = cached
    } else {
      all = objects[storeKey].map { $0.keys.sorted() } ?? []
      keyOrder[storeKey] = all
    }
    // Keys with a prefix are contiguous in sorted order and not before the prefix itself.
    var lower = Self.partitionPoint(all, from: all.startIndex) { key in prefix.map { key >= $0 } ?? true }
    if let start { lower = Self.partitionPoint(all, from: lower) { $0 > start } }
    let upper = Self.partitionPoint(all, from: lower) { key in prefix.map { !key.hasPrefix($0) } ?? false }
    return all[lower..<upper]
  }

  /// The first index from `start` where `predicate` holds, for a predicate that, once true, stays true.
  static func partitionPoint(_ keys: [String], from start: Int, where predicate: (String) -> Bool) -> Int {
    var low = start
    var high = keys.endIndex
    while low < high {
      let middle = low + (high - low) / 2
      if predicate(keys[middle]) { high = middle } else { low = middle + 1 }
    }
    return low
  }

  private mutating func create(_ definition: APIResourceDefinition, namespace: String?, body: [UInt8]) -> Reply {
    guard let parsed = try? JSONParser.parse(body), var object = parsed.objectValue else {
      return Self.status(400, reason: "BadRequest", message: "the request body is not a JSON object")
    }
    var metadata = object["metadata"]?.objectValue ?? JSONObject()
    guard let name = metadata["name"]?.stringValue, !name.isEmpty else {
      return Self.status(
        422, reason: "Invalid",
        message: "\(definition.kind) \"\" is invalid: metadata.name: Required value: name is required")
    }
    if definition.namespaced && namespace == nil {
      return Self.status(404, reason: "NotFound", message: "the server could not find the requested resource")
    }
    if let bodyNamespace = metadata["namespace"]?.stringValue, bodyNamespace != namespace {
      return Self.status(
        400, reason: "BadRequest",
        message: "the namespace of the provided object does not match the namespace sent on the request")
    }
    if let invalid = Self.validate(definition, object: object, name: name) { return invalid }
    let key = Self.objectKey(namespace: namespace, name: name)
    if objects[Self.storeKey(definition)]?[key] != nil {
      return Self.status(
        409, reason: "AlreadyExists", message: "\(definition.qualifiedResource) \"\(name)\" already exists")
    }
    if let namespace { metadata["namespace"] = .string(namespace) }
    metadata["uid"] = .string(UUID().uuidString.lowercased())
    metadata["creationTimestamp"] = .string(Self.timestamp())
    metadata["resourceVersion"] = .string(nextResourceVersion())
    object["apiVersion"] = .string(definition.groupVersion)
    object["kind"] = .string(definition.kind)
    object["metadata"] = .object(metadata)
    objects[Self.storeKey(definition), default: [:]][key] = object
    return Self.json(201, .object(object))
  }

  private mutating func update(_ definition: APIResourceDefinition, namespace: String?, name: String, body: [UInt8])
    -> Reply
  {
    guard let parsed = try? JSONParser.parse(body), var object = parsed.objectValue else {
      return Self.status(400, reason: "BadRequest", message: "the request body is not a JSON object")
    }
    let key = Self.objectKey(namespace: namespace, name: name)
    guard let existing = objects[Self.storeKey(definition)]?[key] else {
      return Self.objectNotFound(definition, name: name)
    }
    var metadata = object["metadata"]?.objectValue ?? JSONObject()
    if let bodyName = metadata["name"]?.stringValue, bodyName != name {
      return Self.status(
        400, reason: "BadRequest",
        message: "the name of the object (\(bodyName)) does not match the name on the URL (\(name))")
    }
    if let invalid = Self.validate(definition, object: object, name: name) { return invalid }
    let current = existing["metadata"]?["resourceVersion"]?.stringValue ?? ""
    if let sent = metadata["resourceVersion"]?.stringValue, !sent.isEmpty, sent != current {
      return Self.status(
        409, reason: "Conflict",
        message:
          "Operation cannot be fulfilled on \(definition.qualifiedResource) \"\(name)\": the object has been "
          + "modified; please apply your changes to the latest version and try again")
    }
    metadata["name"] = .string(name)
    if let namespace { metadata["namespace"] = .string(namespace) }
    metadata["uid"] = existing["metadata"]?["uid"] ?? .string(UUID().uuidString.lowercased())
    metadata["creationTimestamp"] = existing["metadata"]?["creationTimestamp"] ?? .string(Self.timestamp())
    metadata["resourceVersion"] = .string(nextResourceVersion())
    object["apiVersion"] = .string(definition.groupVersion)
    object["kind"] = .string(definition.kind)
    object["metadata"] = .object(metadata)
    objects[Self.storeKey(definition), default: [:]][key] = object
    return Self.json(200, .object(object))
  }

  private mutating func delete(_ definition: APIResourceDefinition, namespace: String?, name: String) -> Reply {
    let key = Self.objectKey(namespace: namespace, name: name)
    guard let existing = objects[Self.storeKey(definition)]?.removeValue(forKey: key) else {
      return Self.objectNotFound(definition, name: name)
    }
    resourceVersion += 1
    return Self.json(200, .object(existing))
  }

  // MARK: Validation

  /// What kube-apiserver checks of the kinds tests write: a Lease's `spec` (types; MicroTime
  /// `acquireTime`/`renewTime` with exactly six fractional digits, which is what Go's
  /// `time.Parse(RFC3339Micro)` demands; `leaseDurationSeconds > 0`; `leaseTransitions >= 0`).
  static func validate(_ definition: APIResourceDefinition, object: JSONObject, name: String) -> Reply? {
    guard definition.group == "coordination.k8s.io", definition.kind == "Lease" else { return nil }
    guard let specValue = object["spec"], !specValue.isNull else { return nil }
    guard let spec = specValue.objectValue else {
      return status(
        400, reason: "BadRequest",
        message: "Lease in version \"v1\" cannot be handled as a Lease: spec must be an object")
    }
    for key in ["holderIdentity", "preferredHolder", "strategy"] {
      if let value = spec[key], !value.isNull, value.stringValue == nil {
        return status(
          400, reason: "BadRequest",
          message:
            "Lease in version \"v1\" cannot be handled as a Lease: json: cannot unmarshal into spec.\(key) of type string"
        )
      }
    }
    for key in ["leaseDurationSeconds", "leaseTransitions"] {
      if let value = spec[key], !value.isNull,
        value.intValue.map({ $0 < Int64(Int32.min) || $0 > Int64(Int32.max) }) ?? true
      {
        return status(
          400, reason: "BadRequest",
          message:
            "Lease in version \"v1\" cannot be handled as a Lease: json: cannot unmarshal into spec.\(key) of type int32"
        )
      }
    }
    for key in ["acquireTime", "renewTime"] {
      guard let value = spec[key], !value.isNull else { continue }
      guard let text = value.stringValue, isMicroTime(text) else {
        return status(
          400, reason: "BadRequest",
          message:
            "Lease in version \"v1\" cannot be handled as a Lease: parsing time \(value.stringValue.map { "\"\($0)\"" } ?? "(not a string)") "
            + "as \"2006-01-02T15:04:05.000000Z07:00\": cannot parse spec.\(key)")
      }
    }
    var causes: [String] = []
    if let duration = spec["leaseDurationSeconds"]?.intValue, duration <= 0 {
      causes.append("spec.leaseDurationSeconds: Invalid value: \(duration): must be greater than 0")
    }
    if let transitions = spec["leaseTransitions"]?.intValue, transitions < 0 {
      causes.append("spec.leaseTransitions: Invalid value: \(transitions): must be greater than or equal to 0")
    }
    if causes.isEmpty { return nil }
    return status(
      422, reason: "Invalid",
      message: "Lease.coordination.k8s.io \"\(name)\" is invalid: "
        + (causes.count == 1 ? causes[0] : "[" + causes.joined(separator: ", ") + "]"))
  }

  /// `2006-01-02T15:04:05.000000Z07:00`: exactly six fractional digits, `Z` or `±hh:mm`.
  static func isMicroTime(_ text: String) -> Bool {
    let bytes = Array(text.utf8)
    guard bytes.count == 27 || bytes.count == 32 else { return false }
    let digit: (UInt8) -> Bool = { $0 >= 0x30 && $0 <= 0x39 }
    let layout = Array("dddd-dd-ddTdd:dd:dd.dddddd".utf8)
    for (index, expected) in layout.enumerated() {
      let byte = bytes[index]
      if expected == UInt8(ascii: "d") {
        if !digit(byte) { return false }
      } else if byte != expected {
        return false
      }
    }
    if bytes.count == 27 { return bytes[26] == UInt8(ascii: "Z") }
    guard bytes[26] == UInt8(ascii: "+") || bytes[26] == UInt8(ascii: "-") else { return false }
    return digit(bytes[27]) && digit(bytes[28]) && bytes[29] == UInt8(ascii: ":") && digit(bytes[30])
      && digit(bytes[31])
  }

  // MARK: Continue tokens

  enum ContinueState {
    case valid(String)
    case expired
    case invalid
  }

  /// Like kube-apiserver: base64url of `{"v":"meta.k8s.io/v1","rv":…,"start":"<key>\u0000"}`,
  /// plus an epoch that ``KubernetesAPIServer/expireContinueTokens()`` advances.
  private func encodeContinue(_ lastKey: String) -> String {
    let token: JSONValue = [
      "v": "meta.k8s.io/v1", "rv": .int(resourceVersion), "start": .string(lastKey + "\u{0}"),
      "epoch": .int(Int64(continueEpoch)),
    ]
    return Data(JSONWriter.serialize(token)).base64EncodedString()
      .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
      .replacingOccurrences(of: "=", with: "")
  }

  private func decodeContinue(_ token: String) -> ContinueState {
    var base64 = token.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
    while base64.count % 4 != 0 { base64 += "=" }
    guard let data = Data(base64Encoded: base64), let value = try? JSONParser.parse([UInt8](data)),
      value["v"]?.stringValue == "meta.k8s.io/v1", var start = value["start"]?.stringValue,
      let epoch = value["epoch"]?.intValue
    else { return .invalid }
    if continueTokensAlwaysExpire || epoch != Int64(continueEpoch) { return .expired }
    if start.hasSuffix("\u{0}") { start.removeLast() }
    return .valid(start)
  }

  // MARK: Replies

  static func json(_ status: Int, _ value: JSONValue) -> Reply {
    Reply(status: status, contentType: "application/json", body: JSONWriter.serialize(value), close: false)
  }

  static func status(_ code: Int, reason: String, message: String, details: JSONValue? = nil) -> Reply {
    var object = jsonObject([
      "kind": "Status", "apiVersion": "v1", "metadata": [:], "status": "Failure", "message": .string(message),
      "reason": .string(reason),
    ])
    object["details"] = details ?? [:]
    object["code"] = .int(Int64(code))
    return json(code, .object(object))
  }

  static func notFound() -> Reply {
    status(404, reason: "NotFound", message: "the server could not find the requested resource")
  }

  static func methodNotAllowed() -> Reply {
    status(405, reason: "MethodNotAllowed", message: "the server does not allow this method on the requested resource")
  }

  static func objectNotFound(_ definition: APIResourceDefinition, name: String) -> Reply {
    var details = jsonObject(["name": .string(name)])
    if !definition.group.isEmpty { details["group"] = .string(definition.group) }
    details["kind"] = .string(definition.resource)
    return status(
      404, reason: "NotFound", message: "\(definition.qualifiedResource) \"\(name)\" not found",
      details: .object(details))
  }
}

/// Equality-based label selectors: `a=b`, `a==b`, `a!=b`, `a`, `!a`, comma-separated.
struct LabelSelector {
  enum Requirement {
    case equals(String, String)
    case notEquals(String, String)
    case exists(String)
    case notExists(String)
  }

  struct ParseError: Error, CustomStringConvertible {
    var description: String
  }

  var requirements: [Requirement] = []

  init(_ text: String) throws {
    for part in text.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !part.isEmpty {
      if let range = part.range(of: "!=") {
        requirements.append(.notEquals(String(part[..<range.lowerBound]), String(part[range.upperBound...])))
      } else if let range = part.range(of: "==") ?? part.range(of: "=") {
        requirements.append(.equals(String(part[..<range.lowerBound]), String(part[range.upperBound...])))
      } else if part.hasPrefix("!") {
        requirements.append(.notExists(String(part.dropFirst())))
      } else if part.contains(" ") || part.contains("(") {
        throw ParseError(description: "set-based selectors are not supported by the test server: \(part)")
      } else {
        requirements.append(.exists(part))
      }
    }
  }

  func matches(_ labels: JSONObject?) -> Bool {
    requirements.allSatisfy { requirement in
      switch requirement {
      case .equals(let key, let value): return labels?[key]?.stringValue == value
      case .notEquals(let key, let value): return labels?[key]?.stringValue != value
      case .exists(let key): return labels?[key] != nil
      case .notExists(let key): return labels?[key] == nil
      }
    }
  }
}

/// The members of an object literal.
func jsonObject(_ value: JSONValue) -> JSONObject {
  value.objectValue ?? JSONObject()
}
