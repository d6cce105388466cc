import AWS
import Foundation
import KSPMCore
import TestSupport

/// A scripted server answering `responses` in order, and a client (test credentials, `region`)
/// whose every call goes to it, for `body`.
func withScriptedAWS<Result: Sendable>(
  _ responses: [ScriptedHTTPServer.Response], region: String = "us-east-1",
  _ body: (ScriptedHTTPServer, AWSClient) async throws -> Result
) async throws -> Result {
  try await ScriptedHTTPServer.withServer(responses) { server in
    try await withTransport(endpoint: server.url) { transport in
      let client = AWSClient(
        transport: transport, region: region, credentials: StaticCredentialProvider(testCredentials()))
      return try await body(server, client)
    }
  }
}

/// A 200 answer with a JSON body.
func jsonAnswer(_ value: JSONValue, contentType: String = "application/x-amz-json-1.1") -> ScriptedHTTPServer.Response {
  .init(status: 200, headers: [("Content-Type", contentType)], body: JSONWriter.serialize(value))
}

/// A JSON-protocol error answer: `{"__type": type, "message": …}`.
func jsonError(_ type: String, status: Int = 400, message: String = "refused") -> ScriptedHTTPServer.Response {
  .init(
    status: status, headers: [("Content-Type", "application/x-amz-json-1.1")],
    body: JSONWriter.serialize(["__type": .string(type), "message": .string(message)]))
}

/// A query-protocol error answer.
func queryError(_ code: String, status: Int = 400) -> ScriptedHTTPServer.Response {
  .init(
    status: status, headers: [("Content-Type", "text/xml")],
    text: """
      <ErrorResponse xmlns="http://elasticloadbalancing.amazonaws.com/doc/2012-06-01/"><Error><Type>Sender</Type>\
      <Code>\(code)</Code><Message>no</Message></Error><RequestId>r-1</RequestId></ErrorResponse>
      """)
}

/// The JSON body of a request.
func requestJSON(_ request: ScriptedHTTPServer.Request) throws -> JSONValue {
  try JSONParser.parse(request.body)
}

/// The region and service of a request's SigV4 credential scope.
func signingScope(_ request: ScriptedHTTPServer.Request) -> (region: String, service: String)? {
  guard let authorization = request.header("Authorization"),
    let credential = authorization.split(separator: " ").first(where: { $0.hasPrefix("Credential=") })
  else { return nil }
  let parts = credential.dropFirst("Credential=".count).split(separator: "/")
  guard parts.count >= 5 else { return nil }
  return (String(parts[2]), String(parts[3]))
}

/// The string values of `key` in each item.
func strings(_ items: [JSONValue], _ key: String) -> [String] {
  items.map { $0[key]?.stringValue ?? "<missing>" }
}
