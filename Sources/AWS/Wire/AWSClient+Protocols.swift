import KSPMCore

extension AWSClient {
  /// Calls a query-protocol action (`POST /`, form body with `Action`, `Version` and
  /// `parameters`) and returns its `<Action>Result` element (an empty element when the answer
  /// has none).
  public func query(
    _ service: AWSService, action: String, parameters: [(name: String, value: String)] = [], signed: Bool = true
  ) async throws -> XMLReader.Element {
    let root = try await queryResponse(service, action: action, parameters: parameters, signed: signed)
    return root.child("\(action)Result") ?? XMLReader.Element(name: "\(action)Result")
  }

  /// Calls a query-protocol action and returns the whole `<Action>Response` element: for the EC2
  /// dialect, whose answers have no `<Action>Result` wrapper (list parameters there are
  /// `Name.N`, not `Name.member.N`).
  public func queryResponse(
    _ service: AWSService, action: String, parameters: [(name: String, value: String)] = [], signed: Bool = true
  ) async throws -> XMLReader.Element {
    let form = [("Action", action), ("Version", service.apiVersion)] + parameters
    let operation = AWSOperation(
      name: action, method: "POST", path: "/",
      headers: [("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")],
      body: Array(AWSPercentEncoding.encode(pairs: form).utf8), signed: signed)
    let response = try await send(operation, to: service)
    let root: XMLReader.Element
    do {
      root = try XMLReader.parse(response.body)
    } catch {
      throw invalidResponse(service, action, "the answer is not XML (\(error))")
    }
    guard root.localName == "\(action)Response" else {
      throw invalidResponse(service, action, "the answer is <\(root.name)>, not <\(action)Response>")
    }
    return root
  }

  /// Calls a JSON 1.1 operation (`POST /` with `X-Amz-Target`) and returns the answer's JSON
  /// (an empty object for an empty body).
  public func json(_ service: AWSService, operation: String, body: JSONValue = .object(JSONObject()))
    async throws -> JSONValue
  {
    guard case .json11(let prefix) = service.wireProtocol else {
      throw invalidResponse(service, operation, "the service does not speak JSON 1.1")
    }
    let call = AWSOperation(
      name: operation, method: "POST", path: "/",
      headers: [("Content-Type", "application/x-amz-json-1.1"), ("X-Amz-Target", "\(prefix).\(operation)")],
      body: JSONWriter.serialize(body))
    return try parseJSON(try await send(call, to: service), service, operation)
  }

  /// Calls a rest-json operation and returns the answer's JSON (an empty object for an empty
  /// body).
  ///
  /// - Parameters:
  ///   - path: the wire path, labels encoded with ``AWSPercentEncoding/encode(_:keepSlash:)``.
  public func restJSON(
    _ service: AWSService, operation: String, method: String, path: String,
    query: [(name: String, value: String)] = [], body: JSONValue? = nil
  ) async throws -> JSONValue {
    let call = AWSOperation(
      name: operation, method: method, path: path, query: query,
      headers: body == nil ? [] : [("Content-Type", "application/json")],
      body: body.map { JSONWriter.serialize($0) } ?? [])
    return try parseJSON(try await send(call, to: service), service, operation)
  }

  private func parseJSON(_ response: AWSResponse, _ service: AWSService, _ operation: String) throws -> JSONValue {
    if response.body.isEmpty { return .object(JSONObject()) }
    do {
      return try JSONParser.parse(response.body)
    } catch {
      throw invalidResponse(service, operation, "the answer is not JSON (\(error))")
    }
  }

  private func invalidResponse(_ service: AWSService, _ operation: String, _ message: String) -> AWSError {
    AWSError(kind: .invalidResponse, service: service.signingName, operation: operation, message: message)
  }
}
